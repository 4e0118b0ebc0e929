"""Forms for access requests, the office's decisions and accepting an invitation."""

from django import forms
from django.contrib.auth import password_validation

from kalc_portal.text import validate_name
from members.models import AccessRequest, Council, Position
from members.selectors.access import council_choices_by_district


class AccessRequestForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We send the link to set up your account to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    council = forms.ChoiceField(
        label="Your council",
        help_text="Councils are grouped by district.",
        widget=forms.Select(attrs={"data-council-filter": "true"}),
    )
    role = forms.ChoiceField(
        label="Your role for the council", choices=[("", "Choose your role"), *Position.Role.choices]
    )
    note = forms.CharField(
        label="Anything the office should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Choose your council"), *council_choices_by_district()]

    def clean_council(self) -> Council:
        council = Council.objects.filter(pk=self.cleaned_data["council"]).first()
        if council is None:
            raise forms.ValidationError("Choose your council from the list.")
        return council


class AccessQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All requests"), *AccessRequest.Status.choices]
    )


class AccessDeclineForm(forms.Form):
    prefix = "decline"

    reason = forms.CharField(
        label="Reason for declining",
        help_text="This is emailed to the person who asked.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError("The two passwords are not the same.")
        return password2

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
