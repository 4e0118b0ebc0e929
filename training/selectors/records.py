"""Reads for the register, certificates and training records (a person's and a council's,
the evidence councils give for the Local Council Award Scheme). Each a fixed number of
queries however many places: the hours a place attended are summed in the database."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    DurationField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from training.models import BookingPlace, Event, EventSession, SessionAttendance


def hours(duration: datetime.timedelta | None) -> Decimal:
    """A duration as hours to one decimal place (2 h 30 min is 2.5)."""
    if not duration:
        return Decimal("0.0")
    return (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _present_rows():
    return SessionAttendance.objects.filter(place=OuterRef("pk"), present=True)


def _attended_duration() -> Subquery:
    summed = (
        _present_rows()
        .order_by()
        .values("place")
        .annotate(total=Sum(F("session__ends_at") - F("session__starts_at")))
        .values("total")
    )
    return Subquery(summed, output_field=DurationField())


def attended_places() -> QuerySet[BookingPlace]:
    """Confirmed places present at one session or more, each with attended_duration."""
    return (
        BookingPlace.objects.filter(status=BookingPlace.Status.CONFIRMED)
        .filter(Exists(_present_rows()))
        .annotate(attended_duration=_attended_duration())
        .select_related("event", "booking__council")
    )


def record_for_person(user) -> QuerySet[BookingPlace]:
    """The person's attended places (those booked on their account), latest first."""
    return attended_places().filter(user=user).order_by("-event__starts_at", "-pk")


def record_for_council(council, *, since: datetime.datetime | None = None) -> QuerySet[BookingPlace]:
    """Attended places booked for the council, latest event first, then by name."""
    places = attended_places().filter(booking__council=council)
    if since is not None:
        places = places.filter(event__starts_at__gte=since)
    return places.order_by("-event__starts_at", "event_id", "name", "pk")


def upcoming_places_for_council(council, *, now: datetime.datetime | None = None) -> QuerySet[BookingPlace]:
    """Confirmed places booked for the council on events not yet over, soonest first."""
    return (
        BookingPlace.objects.filter(
            booking__council=council,
            status=BookingPlace.Status.CONFIRMED,
            event__ends_at__gte=now or timezone.now(),
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at", "event_id", "name", "pk")
    )


def event_for_register(slug: str) -> Event | None:
    return (
        Event.objects.filter(slug=slug)
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        .first()
    )


def register_places(session: EventSession) -> list[BookingPlace]:
    """The event's confirmed places by name, each with `present` for this session (None
    when not marked yet) and the booking's council."""
    marked = SessionAttendance.objects.filter(place=OuterRef("pk"), session=session).values("present")[:1]
    return list(
        BookingPlace.objects.filter(event_id=session.event_id, status=BookingPlace.Status.CONFIRMED)
        .annotate(present=Subquery(marked, output_field=BooleanField()))
        .select_related("booking__council")
        .order_by("name", "pk")
    )


def place_for_certificate(pk: int) -> BookingPlace | None:
    """The place with its booking, event, `attended` and attended_duration."""
    return (
        BookingPlace.objects.filter(pk=pk)
        .annotate(attended_duration=_attended_duration(), attended=Exists(_present_rows()))
        .select_related("event", "booking__council", "booking")
        .first()
    )


def sessions_attended(place: BookingPlace) -> list[EventSession]:
    return list(
        EventSession.objects.filter(attendance__place=place, attendance__present=True).order_by(
            "starts_at", "pk"
        )
    )
