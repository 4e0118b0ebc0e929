from members.forms.core import UserChangeForm, UserCreationForm

__all__ = ["UserChangeForm", "UserCreationForm"]
