"""Feedback after an event: each attendee rates it 1 to 5 and may add comments, once.

The place is locked while the feedback is written and the unique constraint on the
place is the backstop, so two submits at once (a double click, two tabs) give one row.
Problems a person can fix are ValidationErrors keyed by the form's fields (rating,
comments), or without a field when the form itself is closed; nothing is written then."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from kalc_portal.parsing import parse_int
from kalc_portal.text import NOTE_TEXT
from training import permissions
from training.models import Event, EventFeedback
from training.selectors.feedback import place_for_feedback

RATING_MIN, RATING_MAX = 1, 5
ALREADY_GIVEN = "You have already given feedback on this event: thank you."


def feedback_window(event: Event) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """When the feedback form opens (the event's end) and closes (TRAINING_FEEDBACK_DAYS later)."""
    if event.ends_at is None:
        return None, None
    return event.ends_at, event.ends_at + datetime.timedelta(days=settings.TRAINING_FEEDBACK_DAYS)


def feedback_closed_reason(event: Event, now: datetime.datetime) -> str:
    """Why the form is not open now, or "" when it is."""
    opens, closes = feedback_window(event)
    if event.status != Event.Status.PUBLISHED:
        return "This event was cancelled, so there is no feedback to give."
    if opens is None or now < opens:
        when = date_format(timezone.localtime(opens), "j F Y, H:i") if opens else "it has taken place"
        return f"Feedback opens when the event ends ({when})."
    if now >= closes:
        return f"Feedback on this event closed on {date_format(timezone.localtime(closes), 'j F Y')}."
    return ""


def _checked_rating(rating) -> int:
    number = parse_int(rating, minimum=RATING_MIN, maximum=RATING_MAX)
    if number is None:
        raise ValidationError({"rating": "Choose a rating from 1 (poor) to 5 (excellent)."}, code="rating")
    return number


def _checked_comments(comments) -> str:
    text = (comments or "").strip()
    if "\x00" in text:
        raise ValidationError({"comments": "Comments cannot contain null characters."}, code="null")
    if len(text) > NOTE_TEXT:
        raise ValidationError(
            {"comments": f"Keep comments to {NOTE_TEXT:,} characters (these have {len(text):,})."},
            code="too_long",
        )
    return text


@transaction.atomic
def event_feedback_create(
    *, event_id: int, by, rating, comments: str = "", now: datetime.datetime | None = None
) -> EventFeedback:
    """Record the person's rating (1 to 5) and comments on an event they had a confirmed
    place on, once, between the event's end and TRAINING_FEEDBACK_DAYS after it."""
    now = now or timezone.now()
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise ValidationError("That event does not exist.", code="no_event")
    place = place_for_feedback(event=event, user=by, lock=True)
    if not permissions.can_give_feedback(by, place):
        raise PermissionDenied("Only people with a place on the event give feedback on it.")
    closed = feedback_closed_reason(event, now)
    if closed:
        raise ValidationError(closed, code="closed")
    if EventFeedback.objects.filter(place=place).exists():
        raise ValidationError(ALREADY_GIVEN, code="already_given")
    feedback = EventFeedback(
        place=place, event=event, rating=_checked_rating(rating), comments=_checked_comments(comments)
    )
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # Another submit for the same place committed first (the lock makes this rare).
        raise ValidationError(ALREADY_GIVEN, code="already_given") from None
    return feedback
