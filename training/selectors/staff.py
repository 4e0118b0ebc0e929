"""Reads for the people running training: every event with its fill rate and waiting
list, and the charged bookings to invoice. Each a fixed number of queries."""

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from training.models import Booking, BookingPlace, Event, WaitingListEntry
from training.selectors.events import with_place_counts
from training.selectors.feedback import with_feedback_scores


def _waiting(field):
    waiting = (
        WaitingListEntry.objects.filter(event=OuterRef("pk"), status=WaitingListEntry.Status.WAITING)
        .order_by()
        .values("event")
        .annotate(n=field)
        .values("n")
    )
    return Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))


def events_for_staff(*, period: str = "upcoming", now=None) -> QuerySet[Event]:
    """Every event (drafts too) with confirmed and held places, how many entries and
    places wait, and its feedback score; upcoming soonest first, past latest first."""
    now = now or timezone.now()
    events = with_feedback_scores(with_place_counts(Event.objects.all())).annotate(
        waiting_entries=_waiting(Count("pk")), waiting_places=_waiting(Sum("places_wanted"))
    )
    if period == "past":
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True)).order_by("starts_at", "pk")


def bookings_to_invoice() -> QuerySet[Booking]:
    """Charged bookings with at least one place still booked, with the count to invoice."""
    return (
        Booking.objects.filter(price_per_place__gt=0)
        .annotate(places_booked=Count("places", filter=Q(places__status=BookingPlace.Status.CONFIRMED)))
        .filter(places_booked__gt=0)
        .annotate(
            total=ExpressionWrapper(
                F("price_per_place") * F("places_booked"),
                output_field=DecimalField(max_digits=10, decimal_places=2),
            )
        )
        .select_related("event", "council", "booked_by")
        .order_by("event__starts_at", "event_id", "pk")
    )
