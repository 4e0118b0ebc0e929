"""The results filters: area committee, district and council kind, each optional. A value
not offered gets a message by its field and is ignored (the other filters still apply)."""

from django import forms

from members.models import AreaCommittee, Council
from surveys.results import Filters


class ResultsFilterForm(forms.Form):
    area_committee = forms.ModelChoiceField(
        queryset=AreaCommittee.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All area committees",
        error_messages={"invalid_choice": "Choose an area committee from the list."},
    )
    district = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose a district from the list."}
    )
    kind = forms.ChoiceField(
        label="Council kind",
        required=False,
        choices=[("", "All kinds")] + list(Council.Kind.choices),
        error_messages={"invalid_choice": "Choose a kind of council from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = Council.objects.order_by("district").values_list("district", flat=True).distinct()
        self.fields["district"].choices = [("", "All districts")] + [(d, d) for d in districts]

    def filters(self) -> Filters:
        """The filters that were valid (call after is_valid)."""
        data = getattr(self, "cleaned_data", {})
        return Filters(
            area_committee=data.get("area_committee"),
            district=data.get("district", ""),
            kind=data.get("kind", ""),
        )

    def querystring(self) -> str:
        from urllib.parse import urlencode

        f = self.filters()
        pairs = [
            ("area_committee", f.area_committee.slug if f.area_committee else ""),
            ("district", f.district),
            ("kind", f.kind),
        ]
        return urlencode([(k, v) for k, v in pairs if v])
