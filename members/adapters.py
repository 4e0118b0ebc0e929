"""allauth hooks: nobody signs themselves up, and allauth's emails are rendered
by kalc_portal.mail and sent from a Celery worker, never inside the request."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from kalc_portal import mail


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
