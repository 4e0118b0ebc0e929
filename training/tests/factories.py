"""Training test data, built through the real services."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from training.models import Event
from training.services import events as event_services
from training.services.events import SessionSpec


def in_person_session(starts_at: datetime.datetime, *, hours: float = 3, **kwargs) -> SessionSpec:
    return SessionSpec(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        venue_name=kwargs.pop("venue_name", "Kent Event Centre"),
        venue_address=kwargs.pop("venue_address", "Detling Showground\nMaidstone ME14 3JF"),
        **kwargs,
    )


def online_session(starts_at: datetime.datetime, *, hours: float = 1.5, **kwargs) -> SessionSpec:
    return SessionSpec(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        online_url=kwargs.pop("online_url", "https://meet.example.org/kalc-session"),
        **kwargs,
    )


class EventFactory(factory.Factory):
    """A published, bookable members' course a month away: 12 places, free, one session."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Course number {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    kind = Event.Kind.COURSE
    audience = Event.Audience.MEMBERS
    summary = "A morning course for parish councils."
    description = "What the course covers, in **Markdown**."
    provider = "KALC"
    capacity = 12
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    )
    booking_opens_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=60))
    booking_closes_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=2))
    cancellation_deadline = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=7))
    member_price = Decimal(0)
    non_member_price = Decimal(0)
    cpd_hours = Decimal("3.0")
    status = Event.Status.PUBLISHED
    sessions = None

    @classmethod
    def _create(cls, model_class, *args, starts_at, sessions=None, **kwargs):
        return event_services.event_create(sessions=sessions or [in_person_session(starts_at)], **kwargs)

    _build = _create
