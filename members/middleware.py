"""Staff powers need an authenticator app used in this session.

permissions.py decides every rule from the user alone, so this middleware tells it what
the session knows: it marks request.user with whether this session holds allauth's
record of an MFA step (at sign-in, reauthentication or activation). A user object built
anywhere else (a job, a service called from the shell) carries no mark and so holds no
staff power.

When a view refuses (PermissionDenied) someone who holds an office role but has not set
up or used their authenticator app, they are sent to do that, with a message, instead of
a bare 403."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import get_user
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from members import permissions

ACTIVATE_MESSAGE = (
    "Office staff powers need an authenticator app. Set one up here; then go back to the page you wanted."
)
AUTHENTICATE_MESSAGE = "Enter the code from your authenticator app to use your office staff powers."


def _marked_user(request):
    user = get_user(request)  # Django's own cached loader (request._cached_user)
    if user.is_authenticated and not hasattr(user, "_kalc_session_mfa"):
        permissions.mark_session_mfa(user, get_authentication_records(request, user))
    return user


def fresh_request_user(request):
    """A fresh copy of the signed-in person (no cached roles), marked like request.user."""
    user = get_user_model().objects.get(pk=request.user.pk)
    permissions.mark_session_mfa(user, get_authentication_records(request, user))
    return user


def verification_redirect(request, needed: str, *, next_url: str | None = None):
    """Send an office-role holder to set up ("activate") or use ("authenticate") their
    authenticator app; after using it they come back to next_url (this page by default)."""
    if needed == "activate":
        messages.warning(request, ACTIVATE_MESSAGE)
        return redirect("mfa_activate_totp")
    messages.info(request, AUTHENTICATE_MESSAGE)
    next_url = next_url or request.get_full_path()
    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")


class StaffVerificationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _marked_user(request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        needed = permissions.office_verification_needed(request.user)
        if needed is None:
            return None
        return verification_redirect(request, needed)
