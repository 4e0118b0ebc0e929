"""Search and filter forms for the council directory and Find your council. Both use GET."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from members.models import AreaCommittee, Council
from members.selectors import directory as directory_selectors

QUERY_MAX_LENGTH = 100

# "member" is the default view; "all" lets the office see lapsed and non-member councils too.
STATUS_MEMBERS = "member"
STATUS_ALL = "all"
STATUS_CHOICES = [
    (STATUS_MEMBERS, "Member councils only"),
    (STATUS_ALL, "All councils"),
    *[(value, f"{label} only") for value, label in Council.MembershipStatus.choices if value != "member"],
]


def _get_helper(*fields: str) -> FormHelper:
    helper = FormHelper()
    # The template writes the <form> tag: the error summary sits inside it, above the fields.
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(Row(*(Column(name, css_class="col-md") for name in fields)))
    return helper


class _CouncilSearchForm(forms.Form):
    q = forms.CharField(
        label="Council name",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text="Spelling does not need to be exact.",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        error_messages={
            "max_length": f"Enter a council name of {QUERY_MAX_LENGTH} characters or fewer.",
        },
    )
    district = forms.ChoiceField(
        label="District",
        required=False,
        error_messages={"invalid_choice": "Choose a district from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "Any district")] + [
            (district, district) for district in directory_selectors.council_districts()
        ]

    def clean_q(self):
        return directory_selectors.normalise_search_query(self.cleaned_data["q"])

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in ("q", "district"))

    @property
    def has_input(self) -> bool:
        """Something was typed or chosen, valid or not: worth offering a way to clear it."""
        return any(self.data.get(name) for name in self.fields)


class PublicCouncilSearchForm(_CouncilSearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _get_helper("q", "district")


class DirectorySearchForm(_CouncilSearchForm):
    area_committee = forms.ModelChoiceField(
        label="Area committee",
        queryset=AreaCommittee.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="Any area committee",
        error_messages={"invalid_choice": "Choose an area committee from the list."},
    )
    status = forms.ChoiceField(
        label="Membership",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a membership option from the list."},
    )

    def __init__(self, *args, include_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_committee"].queryset = directory_selectors.area_committees()
        fields = ["q", "district", "area_committee"]
        if include_status:
            fields.append("status")
        else:
            # Only the office may look beyond member councils.
            del self.fields["status"]
        self.helper = _get_helper(*fields)

    def statuses(self) -> tuple[str, ...] | None:
        """Membership statuses to list; None means every status."""
        status = self.cleaned_data.get("status") or STATUS_MEMBERS
        if status == STATUS_ALL:
            return None
        return (status,)
