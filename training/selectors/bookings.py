"""Reads for bookings: a person's bookings and waiting-list entries, one booking's page."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from training.models import Booking, BookingPlace, SessionAttendance, WaitingListEntry


def bookings_for_person(user) -> QuerySet[Booking]:
    """Bookings the person made or has a place on, newest event first, with their places."""
    mine = Booking.objects.filter(
        Q(booked_by=user) | Q(pk__in=BookingPlace.objects.filter(user=user).values("booking_id"))
    )
    return (
        mine.select_related("event", "council")
        .prefetch_related(Prefetch("places", queryset=_places_with_attendance()))
        .order_by("-event__starts_at", "-pk")
    )


def waiting_entries_for_person(user) -> QuerySet[WaitingListEntry]:
    """Open waiting-list entries (waiting or offered) the person joined."""
    return (
        WaitingListEntry.objects.filter(
            joined_by=user, status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
        )
        .select_related("event", "council")
        .order_by("event__starts_at", "pk")
    )


def _places_with_attendance():
    # `attended`: present at a session or more, so the page can offer the certificate.
    present = SessionAttendance.objects.filter(place=OuterRef("pk"), present=True)
    return BookingPlace.objects.annotate(attended=Exists(present)).order_by("pk")


def booking_for_page(pk: int) -> Booking | None:
    return (
        Booking.objects.filter(pk=pk)
        .select_related("event", "council", "booked_by")
        .prefetch_related(Prefetch("places", queryset=_places_with_attendance()))
        .first()
    )


def waiting_entry_for_page(pk: int) -> WaitingListEntry | None:
    return WaitingListEntry.objects.filter(pk=pk).select_related("event", "council").first()


def open_waiting_entries_on_event(user, event) -> list[WaitingListEntry]:
    if not user.is_authenticated:
        return []
    return list(
        WaitingListEntry.objects.filter(
            event=event,
            joined_by=user,
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        ).order_by("pk")
    )


def upcoming_places_for_person(user, *, now) -> QuerySet[BookingPlace]:
    """The person's confirmed places on events still to come, soonest first (My KALC)."""
    return (
        BookingPlace.objects.filter(user=user, status=BookingPlace.Status.CONFIRMED, event__ends_at__gt=now)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
