"""Sign a Django test client in as the real sign-in leaves the session, for the tests
and the benchmark (which drive staff pages): force_login plus allauth's records of the
password step and, for someone with an authenticator app, of the MFA step that every
staff power asks for (members.permissions)."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator


def sign_in_client(client, user, *, mfa: bool | None = None):
    """mfa=None records the MFA step when the person has an authenticator app; mfa=False
    leaves a password-only session (what every staff power must refuse)."""
    client.force_login(user)
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if mfa is None:
        mfa = totp is not None
    if mfa and totp is None:
        raise ValueError("Only someone with an authenticator app can have used it.")
    if mfa:
        records.append({"method": "mfa", "at": now, "id": totp.pk if totp else 0, "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return user
