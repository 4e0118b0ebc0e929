"""The feedback form: a rating from 1 to 5 (radios) and optional comments. The service
parses the rating again (kalc_portal.parsing) and checks who may give it and when."""

from django import forms

from kalc_portal.text import NOTE_TEXT

RATING_CHOICES = [
    ("5", "5: excellent"),
    ("4", "4: good"),
    ("3", "3: fair"),
    ("2", "2: poor"),
    ("1", "1: very poor"),
]


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label="How would you rate the event?",
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating from 1 (poor) to 5 (excellent).",
            "invalid_choice": "Choose a rating from 1 (poor) to 5 (excellent).",
        },
    )
    comments = forms.CharField(
        label="Comments (optional)",
        help_text="What worked, what could be better, what you would like next.",
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
