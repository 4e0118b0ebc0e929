"""Forms for the review board and for marking a resource reviewed."""

from django import forms

from knowledge_bank.models import Hub
from knowledge_bank.selectors.hubs import hubs_in_order
from knowledge_bank.selectors.review import DEFAULT_WINDOW, NO_HUB, REVIEW_WINDOWS


class ReviewBoardFilterForm(forms.Form):
    hub = forms.ChoiceField(label="Hub", required=False)
    window = forms.ChoiceField(
        label="Review due",
        required=False,
        choices=[(value, label) for value, (label, _days) in REVIEW_WINDOWS.items()],
        initial=DEFAULT_WINDOW,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Home-page order, from the cache (selectors.hubs.hubs_in_order). The board reuses
        # this list for its sections (hub_named, hubs).
        self.hubs = hubs_in_order()
        self.fields["hub"].choices = [
            ("", "All hubs"),
            *((str(hub.pk), hub.name) for hub in self.hubs),
            (NO_HUB, "No hub"),
        ]
        self.fields["hub"].error_messages["invalid_choice"] = "Choose a hub from the list."
        self.fields["window"].error_messages["invalid_choice"] = "Choose a period from the list."

    def filters(self) -> dict:
        """The selector's hub and window; an invalid or empty choice means the default."""
        if not self.is_bound or not self.is_valid():
            return {"hub": "", "window": DEFAULT_WINDOW}
        return {"hub": self.cleaned_data["hub"], "window": self.cleaned_data["window"] or DEFAULT_WINDOW}

    def hub_named(self, value: str) -> Hub | None:
        """The hub a valid `hub` value names; None for NO_HUB."""
        if value == NO_HUB:
            return None
        return next(hub for hub in self.hubs if str(hub.pk) == value)


class MarkReviewedForm(forms.Form):
    note = forms.CharField(
        label="What did you check? (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "Keep the review note under 300 characters."},
    )
