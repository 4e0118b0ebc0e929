"""Forms for "My account" and the office's deletion queue."""

import re

from allauth.account import forms as allauth_forms
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django import forms

from kalc_portal.text import validate_name
from members.models import User

# The ACCOUNT_RATE_LIMITS entry that counts addresses added (settings/base.py).
ADD_EMAIL_RATE_LIMIT = "add_email"
UK_PHONE_HINT = "Enter a UK phone number, like 01622 123456, 07700 900123 or +44 1622 123456."
# Digits with the spaces, brackets and dashes people type; an optional +44 or 0 prefix.
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def _normalise_uk_phone(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return ""
    if not PHONE_CHARACTERS.match(value):
        raise forms.ValidationError(UK_PHONE_HINT, code="invalid_phone")
    # "+44 (0)1622 ..." is common; the (0) is not dialled from abroad.
    digits = re.sub(r"\D", "", value.replace("(0)", "") if value.startswith("+") else value)
    if value.startswith("+"):
        valid = digits.startswith("44") and len(digits) in (11, 12) and digits[2] != "0"
    else:
        valid = digits.startswith("0") and len(digits) in (10, 11)
    if not valid:
        raise forms.ValidationError(UK_PHONE_HINT, code="invalid_phone")
    return value


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        validators=[validate_name],
        help_text="As your council and the KALC office know you.",
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        help_text="So the office can call you about training or casework.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if not full_name:
            raise forms.ValidationError("Enter your full name.", code="required")
        return full_name

    def clean_phone(self):
        return _normalise_uk_phone(self.cleaned_data["phone"])


class PreferencesForm(forms.Form):
    newsletter_opt_in = forms.BooleanField(
        label="Send me KALC News by email",
        required=False,
        help_text="News, consultations and reminders from the KALC office. You can stop at any time.",
    )
    forum_digest = forms.ChoiceField(
        label="Forum digest",
        choices=User._meta.get_field("forum_digest").choices,
        widget=forms.RadioSelect,
        help_text=(
            "A summary by email of new posts in the forums you can read. The forums are coming "
            "soon: until they open there is nothing to send."
        ),
        error_messages={
            "required": "Choose how often to get the forum digest.",
            "invalid_choice": "Choose how often to get the forum digest.",
        },
    )


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why are you leaving? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps the office; you do not have to say.",
    )
    confirm = forms.BooleanField(
        label="I understand my account will be anonymised and I will no longer be able to sign in",
        error_messages={"required": "Tick the box to confirm you want your account deleted."},
    )


class DeletionDecisionForm(forms.Form):
    """One pending request in the office's queue: confirm, or cancel with a reason."""

    CONFIRM = "confirm"
    CANCEL = "cancel"

    request = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(CONFIRM, "Confirm"), (CANCEL, "Cancel")], widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason for cancelling (sent to the member)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, pending_requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the queue's pending rows: any other id is forged or already decided.
        self.pending_requests = pending_requests

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("request") or self.errors.get("decision"):
            self.errors.pop("request", None)
            self.errors.pop("decision", None)
            raise forms.ValidationError("Choose a request from the queue and what to do with it.")
        deletion_request = self.pending_requests.filter(pk=cleaned["request"]).first()
        if deletion_request is None:
            raise forms.ValidationError(
                "That deletion request is not waiting for a decision: it may already have been decided."
            )
        cleaned["deletion_request"] = deletion_request
        if (
            cleaned["decision"] == self.CANCEL
            and "reason" not in self.errors
            and not cleaned["reason"].strip()
        ):
            self.add_error("reason", "Say why the request is being cancelled; the member is told.")
        return cleaned


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's "add email" form, limited per person: every address added is sent a
    confirmation email, so without a limit the form mails anyone, as often as asked."""

    def clean_email(self):
        email = super().clean_email()
        if not ratelimit.consume(allauth_context.request, action=ADD_EMAIL_RATE_LIMIT, user=self.user):
            raise forms.ValidationError(
                "You have added several email addresses recently. Try again tomorrow, "
                "or ask the office to change your address.",
                code="too_many_additions",
            )
        return email


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form without its "Forgot your password?" help text: that puts a
    reset link between the password and the Sign in button (Tab, Enter from the password
    opened the reset page). The template offers the one link, after the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    """The re-enter-password form, with its reset link after the button (see LoginForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
