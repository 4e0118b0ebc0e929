"""The admin is reached through the portal's own sign-in, and only with the staff rule
every staff page follows (members.permissions.can_enter_admin): office staff who have an
authenticator app (TOTP) and used it in this session. Office staff see every council's
data, so a password alone is not enough."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from members import permissions
from members.middleware import verification_redirect


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
        next_url = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        if self.has_permission(request):
            return redirect(next_url)
        if user.is_authenticated:
            needed = permissions.office_verification_needed(user)
            if needed is not None and permissions.is_office_staff(user):
                return verification_redirect(request, needed, next_url=next_url)
            # Signed in, but not office staff.
            messages.error(request, "Your account does not have access to the office admin.")
            return redirect("members:my_kalc")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
