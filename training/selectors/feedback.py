"""Reads for feedback: an event's score and its comments for the people running training,
and the score of every event on the staff list in the list's own query."""

from django.db.models import Avg, Count, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from training.models import BookingPlace, Event, EventFeedback


def with_feedback_scores(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with feedback_count and feedback_average (None without feedback), as subqueries."""
    per_event = EventFeedback.objects.filter(event=OuterRef("pk")).order_by().values("event")
    return events.annotate(
        feedback_count=Coalesce(
            Subquery(per_event.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        feedback_average=Subquery(
            per_event.annotate(average=Avg("rating")).values("average"), output_field=FloatField()
        ),
    )


def feedback_summary(event: Event) -> dict:
    """{"count", "average"} of the event's feedback (average None without any)."""
    return EventFeedback.objects.filter(event=event).aggregate(count=Count("pk"), average=Avg("rating"))


def feedback_for_event(event: Event) -> QuerySet[EventFeedback]:
    """The event's feedback with the name of whoever gave it, newest first."""
    return (
        EventFeedback.objects.filter(event=event)
        .select_related("place")
        .only("pk", "rating", "comments", "created_at", "place__name", "place__email")
        .order_by("-created_at", "-pk")
    )


def place_for_feedback(*, event: Event, user, lock: bool = False) -> BookingPlace | None:
    """The person's confirmed place on the event (for their account, or their address)."""
    if not (user is not None and user.is_authenticated):
        return None
    places = BookingPlace.objects.filter(event=event, status=BookingPlace.Status.CONFIRMED).filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    )
    if lock:
        places = places.select_for_update()
    return places.order_by("pk").first()


def feedback_given(place: BookingPlace) -> EventFeedback | None:
    return EventFeedback.objects.filter(place=place).first()
