import uuid

from django import forms

from kalc_portal.parsing import parse_positive_int
from members.models import AreaCommittee, Feedback
from members.selectors.directory import area_committee_choices


class FeedbackForm(forms.Form):
    subject = forms.CharField(
        label="Subject", max_length=200, error_messages={"required": "Enter a subject."}
    )
    message = forms.CharField(
        label="Your feedback or question",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": "Enter your feedback or question."},
    )
    area_committee = forms.ModelChoiceField(
        queryset=AreaCommittee.objects.order_by("name"),
        required=False,
        label="Area committee (optional)",
        empty_label="Not about a particular area",
        help_text="Tag it with an area committee if it is about your area; we suggest your council's.",
        error_messages={"invalid_choice": "Choose an area committee from the list."},
    )
    # One key per rendered form: sending it twice (a double click, a resent request)
    # finds the item the first one made.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *args, **kwargs):
        self.key_was_missing = False
        if data is not None and not _is_uuid(data.get("submission_key")):
            # Sent without a key of ours (an old page, a hand-made request): ask for one
            # more press with a fresh key rather than risk a duplicate.
            data = data.copy()
            data["submission_key"] = str(uuid.uuid4())
            self.key_was_missing = True
        super().__init__(data, *args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()

    def clean(self):
        cleaned_data = super().clean()
        if self.key_was_missing:
            raise forms.ValidationError("Check your message and press “Send to the office” again.")
        return cleaned_data


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return bool(value)


class FeedbackAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Answer",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="The author is emailed this answer and sees it on the portal.",
        error_messages={"required": "Write the answer to send."},
    )


class FeedbackQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Feedback.Status.choices]
    )
    # Chosen by id and cleaned to it: the queue filters on the id alone.
    area_committee = forms.ChoiceField(required=False, label="Area committee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = "Choose a status from the list."
        self.fields["area_committee"].error_messages["invalid_choice"] = (
            "Choose an area committee from the list."
        )
        self.fields["area_committee"].choices = [
            ("", "Any area committee"),
            *((str(pk), name) for pk, _slug, name, _district in area_committee_choices()),
        ]

    def clean_area_committee(self) -> int | None:
        return parse_positive_int(self.cleaned_data["area_committee"])
