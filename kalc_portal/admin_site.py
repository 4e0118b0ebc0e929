"""The admin is reached through the portal's own sign-in, and staff must have
an authenticator app (TOTP) before it opens: office staff see every council's
data, so a password alone is not enough."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from members import permissions


class KalcAdminSite(admin.AdminSite):
    site_header = "KALC office"
    site_title = "KALC office"
    index_title = "Office administration"

    def has_permission(self, request):
        # Django asks twice on every admin page (admin_view, then each_context) and the
        # answer reads the authenticator table, so it is kept on the request for its user.
        user = request.user
        asked = getattr(request, "_kalc_admin_permission", None)
        if asked is None or asked[0] is not user:
            asked = (user, permissions.can_enter_admin(user))
            request._kalc_admin_permission = asked
        return asked[1]

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and permissions.needs_mfa_for_admin(user):
            messages.info(
                request,
                "Set up an authenticator app before using the office admin.",
            )
            return redirect("mfa_activate_totp")
        if user.is_authenticated:
            # Signed in, but not office staff.
            messages.error(request, "Your account does not have access to the office admin.")
            return redirect("members:my_kalc")
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
