"""allauth hooks: nobody signs themselves up, allauth's emails go through the outbox
(a row each, sent by a Celery worker), never inside the request, and its
rate limits count visitors by the address kalc_portal.client_ip finds."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from kalc_portal import client_ip
from kalc_portal.outbox.rendering import render_allauth_email
from kalc_portal.outbox.services import mail_queue_rendered


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
        user = context.get("user")
        mail_queue_rendered(
            purpose=f"allauth.{template_prefix.rsplit('/', 1)[-1]}",
            # allauth sends the same kind of message again by design (a second password
            # reset, a new code) and rate-limits it itself: every call is a new email.
            object_key=uuid.uuid4().hex,
            to=email,
            rendered=render_allauth_email(template_prefix, context),
            user=user if getattr(user, "pk", None) else None,
            # Reset links and sign-in codes are for the recipient only: not kept once sent.
            clear_body_on_send=True,
        )

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
