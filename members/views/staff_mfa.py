"""Setting up an authenticator app counts as using it in this session.

The activation form takes a code from the new app, after allauth has asked for the
password again, which is the proof allauth's own MFA step asks for; recording it as
that step means office staff who have just set the app up need not wait for the next
code to be let in (members.permissions, staff powers). Turning the app off takes the
session's MFA record away again, so staff powers stop in that session at once."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY, record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView, DeactivateTOTPView


class ActivateTOTPRecordingView(ActivateTOTPView):
    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_authentication(self.request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        return response


activate_totp = ActivateTOTPRecordingView.as_view()


class DeactivateTOTPForgettingView(DeactivateTOTPView):
    def form_valid(self, form):
        response = super().form_valid(form)
        session = self.request.session
        records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [r for r in records if r.get("method") != "mfa"]
        return response


deactivate_totp = DeactivateTOTPForgettingView.as_view()
