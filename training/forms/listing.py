"""The listing's filters (GET). Anything unknown is ignored with a message, never a 500."""

import datetime

from django import forms

from training.models import Event
from training.selectors.events import MODE_IN_PERSON, MODE_ONLINE, EventFilters


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of event", required=False, choices=[("", "All kinds"), *Event.Kind.choices]
    )
    audience = forms.ChoiceField(
        label="Who it is for", required=False, choices=[("", "Everyone"), *Event.Audience.choices]
    )
    month = forms.CharField(
        label="Month",
        required=False,
        max_length=7,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text="For example 2027-03.",
    )
    mode = forms.ChoiceField(
        label="Where",
        required=False,
        choices=[("", "Online or in person"), (MODE_ONLINE, "Online"), (MODE_IN_PERSON, "In person")],
    )

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            parsed = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Enter a month as year and month, for example 2027-03.") from None
        if not 2000 <= parsed.year <= 2100:
            raise forms.ValidationError("Enter a month between 2000 and 2100.")
        return parsed

    def filters(self) -> EventFilters:
        """The valid filters; an invalid one is left out (its error shows next to it)."""
        if not self.is_bound:
            return EventFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            kind=data.get("kind", ""),
            audience=data.get("audience", ""),
            month=data.get("month"),
            mode=data.get("mode", ""),
        )
