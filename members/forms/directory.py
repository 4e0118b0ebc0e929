"""Search and filter forms for the council directory and Find your council. Both use GET.

Their templates lay the fields out in one row, each through crispy's |as_crispy_field."""

from django import forms

from members.models import Council
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


def filter_choices(committees: list[tuple[int, str, str, str]]) -> tuple[list, list, dict[str, int]]:
    """(district choices, area committee choices, committee id by slug) for the filter lists."""
    districts = directory_selectors.council_districts(committees)
    return (
        [("", "Any district"), *((name, name) for name in districts)],
        [("", "Any area committee"), *((slug, name) for _pk, slug, name, _district in committees)],
        {slug: pk for pk, slug, _name, _district in committees},
    )


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
        # Hundreds of districts at national scale: one small read serves both filter lists.
        district_choices, self.committee_choices, self.committee_ids = filter_choices(
            directory_selectors.area_committee_choices()
        )
        self.fields["district"].choices = district_choices

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
    pass


class DirectorySearchForm(_CouncilSearchForm):
    # Chosen by slug (?area_committee=dover); cleaned to the committee's id, read from the
    # same rows as the list, so choosing one costs no query of its own.
    area_committee = forms.ChoiceField(
        label="Area committee",
        required=False,
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
        self.fields["area_committee"].choices = self.committee_choices
        if not include_status:
            # Only the office may look beyond member councils.
            del self.fields["status"]

    def clean_area_committee(self) -> int | None:
        return self.committee_ids.get(self.cleaned_data["area_committee"])

    def statuses(self) -> tuple[str, ...] | None:
        """Membership statuses to list; None means every status."""
        status = self.cleaned_data.get("status") or STATUS_MEMBERS
        if status == STATUS_ALL:
            return None
        return (status,)
