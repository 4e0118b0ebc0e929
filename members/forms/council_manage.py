"""Forms for the pages a council's clerk runs."""

from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils import timezone

from kalc_portal.text import validate_name
from members import permissions
from members.models import Council

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ()-]{6,40}$", "Enter a phone number using digits and spaces, like 01622 123456."
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CouncilContactForm(forms.ModelForm):
    contact_phone = forms.CharField(
        label="Contact phone",
        required=False,
        max_length=40,
        validators=[PHONE_VALIDATOR],
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    electorate = forms.IntegerField(
        label="Electorate",
        required=False,
        min_value=0,
        validators=[MaxValueValidator(500_000)],
        help_text="The number of people on the electoral roll.",
    )

    class Meta:
        model = Council
        fields = ["contact_email", "contact_phone", "website", "address", "electorate"]
        labels = {"contact_email": "Contact email", "website": "Website", "address": "Postal address"}
        help_texts = {
            "contact_email": "The address members of the public and KALC write to.",
            "website": "The full address, starting https://",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, validators=[validate_name])
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        label="Role",
        choices=[(role.value, role.label) for role in permissions.INVITABLE_ROLES],
    )


class PositionEndForm(forms.Form):
    ended_on = forms.DateField(label="Last day in the role", widget=_date_input(), initial=timezone.localdate)


class HandoverForm(forms.Form):
    full_name = forms.CharField(label="New clerk's full name", max_length=150, validators=[validate_name])
    email = forms.EmailField(label="New clerk's email address")
    ended_on = forms.DateField(
        label="Outgoing clerk's last day",
        widget=_date_input(),
        initial=timezone.localdate,
        help_text="The outgoing clerk's position ends on this day.",
    )

    def __init__(self, *args, has_outgoing_clerk: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_outgoing_clerk:
            del self.fields["ended_on"]
