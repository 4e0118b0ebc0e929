from django import forms

from members.models import Council, MediationCase


class MediationRequestForm(forms.Form):
    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        label="Council",
        help_text="You can ask for mediation for a council where you are the clerk or the chair.",
        error_messages={
            "required": "Choose the council this request is for.",
            "invalid_choice": "Choose one of your councils from the list.",
        },
    )
    summary = forms.CharField(
        label="What has happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="A few sentences are enough. A mediation officer will contact you for the details.",
        error_messages={"required": "Tell us briefly what has happened."},
    )
    parties = forms.CharField(
        label="Who is involved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Roles rather than names is fine, for example 'two councillors and the clerk'.",
        error_messages={"required": "Tell us who is involved."},
    )
    preferred_contact = forms.CharField(
        label="How should we contact you? (optional)",
        max_length=200,
        required=False,
        help_text="For example a phone number and good times to call, or 'email only'.",
    )

    def __init__(self, *args, councils: list[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(pk__in=[c.pk for c in councils]).order_by(
            "name"
        )
        if len(councils) == 1:
            self.fields["council"].initial = councils[0].pk


class MediationStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=MediationCase.Status.choices)
    note = forms.CharField(
        label="Note for the requester (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Sent to the requester by email with the new status.",
    )

    def __init__(self, *args, case: MediationCase, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["status"].initial = case.status
        self.fields["status"].error_messages["invalid_choice"] = "Choose one of the statuses listed."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == self.case.status and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                f"The case is already {self.case.get_status_display().lower()}: choose a new status "
                "or write a note for the requester.",
            )
        return cleaned


class MediationNamedPeopleForm(forms.Form):
    named_people = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="People named on this case",
        widget=forms.CheckboxSelectMultiple,
        help_text="People named here can see this case and its trail. Nobody else at the council can.",
        error_messages={"invalid_choice": "Choose people from the list."},
    )

    def __init__(self, *args, case: MediationCase, candidates, **kwargs):
        kwargs.setdefault("prefix", "people")
        super().__init__(*args, **kwargs)
        field = self.fields["named_people"]
        field.queryset = candidates
        field.initial = [person.pk for person in case.named_people.all()]
        field.label_from_instance = lambda user: f"{user.get_full_name()} ({user.email})"


class MediationCaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *MediationCase.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = "Choose a status from the list."
