"""Reads for the listing, the event page and the calendar feeds: each a fixed number of
queries however many events, sessions and places there are."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from training import permissions
from training.models import BookingPlace, Event, EventSession, WaitingListEntry

MODE_ONLINE = "online"
MODE_IN_PERSON = "in_person"


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    audience: str = ""
    month: datetime.date | None = None  # the first day of a month
    mode: str = ""


def _confirmed_places() -> Subquery:
    confirmed = (
        BookingPlace.objects.filter(event=OuterRef("pk"), status=BookingPlace.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))


def _held_places() -> Subquery:
    held = (
        WaitingListEntry.objects.filter(event=OuterRef("pk"), status=WaitingListEntry.Status.OFFERED)
        .order_by()
        .values("event")
        .annotate(n=Sum("offered_places"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def with_place_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with confirmed_places, held_places and is_online / in_person, in the same query."""
    sessions = EventSession.objects.filter(event=OuterRef("pk"))
    first_venue = sessions.exclude(venue_name="").order_by("starts_at").values("venue_name")[:1]
    return events.annotate(
        confirmed_places=_confirmed_places(),
        held_places=_held_places(),
        has_online=Exists(sessions.filter(venue_name="")),
        has_venue=Exists(sessions.exclude(venue_name="")),
        first_venue=Subquery(first_venue),
    )


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    # The month as people in Kent count it: midnight to midnight, London time.
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.datetime(following.year, following.month, 1))


def events_for_listing(
    user, filters: EventFilters, *, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """Upcoming events (or those of the month asked for) with their counts, soonest first."""
    events = Event.objects.all() if permissions.can_manage_training(user) else Event.objects.listed()
    events = events.filter(starts_at__isnull=False)
    if filters.month:
        start, end = _month_bounds(filters.month)
        events = events.filter(starts_at__gte=start, starts_at__lt=end)
    else:
        events = events.filter(ends_at__gte=now or timezone.now())
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.audience:
        events = events.filter(audience=filters.audience)
    sessions = EventSession.objects.filter(event=OuterRef("pk"))
    if filters.mode == MODE_ONLINE:
        events = events.filter(Exists(sessions.filter(venue_name="")))
    elif filters.mode == MODE_IN_PERSON:
        events = events.filter(Exists(sessions.exclude(venue_name="")))
    return with_place_counts(events).order_by("starts_at", "pk")


def event_for_page(user, slug: str) -> Event | None:
    """The event with its sessions and counts; None when missing or a draft the person may not see."""
    event = (
        with_place_counts(Event.objects.filter(slug=slug))
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        .first()
    )
    if event is None or not permissions.can_view_event(user, event):
        return None
    return event


def event_by_slug(user, slug: str) -> Event | None:
    event = Event.objects.filter(slug=slug).first()
    if event is None or not permissions.can_view_event(user, event):
        return None
    return event


def has_confirmed_place(user, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return BookingPlace.objects.filter(event=event, user=user, status=BookingPlace.Status.CONFIRMED).exists()


def calendar_events(*, now: datetime.datetime | None = None, past_days: int = 90) -> QuerySet[Event]:
    """Published and cancelled events (a subscriber's calendar learns of the cancellation)
    from three months ago onwards, with their sessions: the public feed."""
    since = (now or timezone.now()) - datetime.timedelta(days=past_days)
    return (
        Event.objects.listed()
        .filter(ends_at__gte=since)
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        .order_by("starts_at", "pk")
    )


def free_places(event: Event) -> int:
    """From the annotated counts (with_place_counts)."""
    return max(event.capacity - event.confirmed_places - event.held_places, 0)
