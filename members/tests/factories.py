"""Test data built through the real write functions (services), as production builds it."""

import base64
import json

import factory
import redis
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings

from members import permissions, services
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
    """An office-staff user; with an authenticator app unless told otherwise."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(services.office_group(permissions.OFFICE_STAFF))
    if with_totp:
        TOTP.activate(user, generate_totp_secret())
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
