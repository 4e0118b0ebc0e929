"""The staff form for uploading a new version of a resource's file. The checks on
the file itself (size, type by content) live in validation.py; the form runs them so
a bad file and a missing note are reported together, and the service runs them again
for every other caller."""

from django import forms
from django.conf import settings

from knowledge_bank.validation import ACCEPT_ATTRIBUTE, ACCEPTED_LABELS, human_size, validate_upload


class VersionUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "This file is empty.",
            "invalid": "No file was received: choose the file again.",
            "missing": "No file was received: choose the file again.",
        },
    )
    change_note = forms.CharField(
        label="What changed",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the change note to %(limit_value)d characters (it has %(show_value)d)."
        },
    )

    def __init__(self, *args, previous_number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A {ACCEPTED_LABELS} file of up to {human_size(settings.KNOWLEDGE_MAX_UPLOAD_BYTES)}. "
            "The type is checked from the file's content, not just its name."
        )
        note = self.fields["change_note"]
        if previous_number is None:
            note.label = "Notes on this first version (optional)"
        else:
            note.required = True
            note.label = f"What changed since version {previous_number}"
            note.help_text = (
                "Shown on the resource page as “Updated on …” and emailed to members who downloaded an "
                "earlier version of a legal note, model policy or template."
            )
            note.error_messages["required"] = f"Say what changed since version {previous_number}."

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, max_bytes=settings.KNOWLEDGE_MAX_UPLOAD_BYTES)
        return uploaded
