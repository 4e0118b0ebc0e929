from django import forms
from django.contrib.auth import forms as auth_forms

from members.models import User


class UserCreationForm(forms.ModelForm):
    """A person added in the admin. No password: passwords are the person's own, set
    through the reset link (or an invitation), so nobody in the office ever knows one."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
