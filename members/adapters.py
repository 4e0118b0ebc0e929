"""allauth hooks: nobody signs themselves up, allauth's emails are rendered by
kalc_portal.mail and sent from a Celery worker, never inside the request, and its
rate limits count visitors by the address kalc_portal.client_ip finds."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from kalc_portal import client_ip, mail


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from invitations and approved access requests.
        return False

    def send_mail(self, template_prefix, email, context):
        context = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            **context,
        }
        rendered = mail.render_allauth_email(template_prefix, context, to=[email])
        mail.queue_email(rendered)

    def get_client_ip(self, request):
        # Every allauth limit per IP, and its "IP address" in security notifications, asks here.
        ip = client_ip.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per account across the whole internet
        # (ACCOUNT_RATE_LIMITS["login_failed"]'s "key" limits), so five wrong passwords
        # from anywhere locked the real owner out too. Counting them per address *and*
        # account slows a guesser just as much, while the owner elsewhere signs in as
        # usual, and a password reset (which clears this key for the address it is done
        # from) gets an owner who shares the guesser's address back in.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{get_current_site(request).domain}:{client_ip.rate_limit_address(request)}:{login}"
