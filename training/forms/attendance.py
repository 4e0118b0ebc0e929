"""The register of one session: which of the event's booked people were there."""

from django import forms


class RegisterForm(forms.Form):
    session = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Choose one of this event's sessions.",
            "required": "Choose a session.",
        },
    )
    present = forms.TypedMultipleChoiceField(
        label="Present",
        coerce=int,
        required=False,  # nobody came is a marking too
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people who have a place on this event."},
    )

    def __init__(self, *args, sessions, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(session.pk, str(session.pk)) for session in sessions]
        self.fields["present"].choices = [(place.pk, place.name) for place in places]
