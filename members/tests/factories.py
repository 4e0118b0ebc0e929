"""Test data built through the real write functions (services), as production builds it."""

import base64
import json

import factory
import redis
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings

from members import permissions, services
from members.client_sign_in import sign_in_client
from members.models import AreaCommittee, Council, Position, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = PASSWORD
    is_staff = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.user_create(email_verified=True, **kwargs)


def staff_user(*, with_totp: bool = True, **kwargs) -> User:
    """An office-staff user (is_staff and the Office staff group, through the service);
    with an authenticator app unless told otherwise. Its secret is user.totp_secret."""
    user = UserFactory(is_staff=True, **kwargs)
    if with_totp:
        add_totp(user)
    return user


def office_user(group: str, *, with_totp: bool = True, **kwargs) -> User:
    """Someone in an office group (mediation officer, training officer, forum moderator)."""
    user = UserFactory(**kwargs)
    user.groups.add(services.office_group(group))
    if with_totp:
        add_totp(user)
    return user


def add_totp(user: User) -> User:
    """Give the person an authenticator app, as setting one up does; keeps the secret on the object."""
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def sign_in(client, user: User, *, mfa: bool | None = None) -> User:
    """Sign the test client in as `user`, as the real sign-in leaves the session: with
    allauth's record of the password step and, when the person has an authenticator app
    (or mfa=True), of the MFA step. mfa=False leaves a password-only session, the case
    every staff power must refuse."""
    return sign_in_client(client, user, mfa=mfa)


def as_request_user(user: User, *, mfa: bool = True) -> User:
    """The person as a request would hand them to a service: marked with whether their
    session used an authenticator app (members.middleware does this for real requests)."""
    permissions.mark_session_mfa(user, [{"method": "mfa", "type": "totp"}] if mfa else [])
    return user


class AreaCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaCommittee
        django_get_or_create = ["district"]

    district = factory.Sequence(lambda n: f"District {n}")
    name = factory.LazyAttribute(lambda o: f"{o.district} Area Committee")
    slug = factory.LazyAttribute(lambda o: o.district.lower().replace(" ", "-"))


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Parish {n}")
    slug = factory.Sequence(lambda n: f"parish-{n}")
    kind = Council.Kind.PARISH
    area_committee = factory.SubFactory(AreaCommitteeFactory)
    district = factory.LazyAttribute(lambda o: o.area_committee.district)
    contact_email = factory.LazyAttribute(lambda o: f"clerk@{o.slug}.example.org")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Position.Role.COUNCILLOR

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.position_start(**kwargs)


def bulk_councils(count: int, *, committee: AreaCommittee | None = None, prefix: str = "Bulk") -> None:
    """Many councils at once, for query budgets at 10x the data."""
    committee = committee or AreaCommitteeFactory()
    Council.objects.bulk_create(
        Council(
            name=f"{prefix} {i}",
            slug=f"{prefix.lower()}-{i}",
            district=committee.district,
            area_committee=committee,
        )
        for i in range(count)
    )


def totp_code(secret: str) -> str:
    """The authenticator app's current code for `secret`.

    allauth accepts only the current 30-second period, so near the end of one we wait
    for the next: a code typed at 29.99 s would otherwise expire on its way in."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 2:
        time.sleep(30 - time.time() % 30 + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def queued_emails() -> list[dict]:
    """The emails whose outbox ids wait in the test Redis broker for a worker, oldest
    first, as the worker would send them (to, subject, text, html)."""
    from kalc_portal.outbox.models import OutgoingMail

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        raw_messages = client.lrange("celery", 0, -1)
    finally:
        client.close()
    ids = []
    # Kombu pushes new messages on the left, so the list reads newest first.
    for raw in reversed(raw_messages):
        message = json.loads(raw)
        if message["headers"]["task"] != "kalc_portal.outbox.tasks.outbox_send_task":
            continue
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        ids.append(args[0])
    rows = OutgoingMail.objects.in_bulk(ids)
    return [
        {
            "to": [rows[pk].to],
            "subject": rows[pk].subject,
            "text": rows[pk].body_text,
            "html": rows[pk].body_html,
            "from_email": rows[pk].from_email,
        }
        for pk in ids
        if pk in rows
    ]
