"""The register: who was at each session of an event, marked by the people running training.

Marking a session writes one row per confirmed place (present or absent), so the register
says for every person whether they have been marked, and marking again overwrites the
last marking (an upsert on the session and place). Nothing is written when a place id is
not a confirmed place on the session's event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from training import permissions
from training.models import BookingPlace, Event, EventSession, SessionAttendance


@transaction.atomic
def attendance_mark(
    *, session_id: int, by, present_place_ids: list[int], now: datetime.datetime | None = None
) -> list[SessionAttendance]:
    """Mark the session's register: the places listed were present, every other confirmed
    place on the event was absent. Only from the session's start, never on a cancelled event."""
    now = now or timezone.now()
    if not permissions.can_mark_attendance(by):
        raise PermissionDenied("Only the people running training mark attendance.")
    session = EventSession.objects.select_related("event").filter(pk=session_id).first()
    if session is None:
        raise ValidationError({"session": "That session does not exist."}, code="no_session")
    if session.event.status == Event.Status.CANCELLED:
        raise ValidationError(
            {"session": "This event was cancelled, so it has no register."}, code="cancelled"
        )
    if session.starts_at > now:
        local = timezone.localtime(session.starts_at)
        raise ValidationError(
            {"session": f"This session starts on {local:%-d %B %Y at %H:%M}: mark it from then."},
            code="not_started",
        )
    # Locked so that a place cancelled at this moment is either marked or gone, not both.
    places = list(
        BookingPlace.objects.select_for_update()
        .filter(event_id=session.event_id, status=BookingPlace.Status.CONFIRMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    present = set(present_place_ids)
    if not present <= set(places):
        raise ValidationError(
            {"present": "Choose people who have a place on this event."}, code="not_on_event"
        )
    rows = [
        SessionAttendance(session=session, place_id=pk, present=pk in present, marked_at=now, marked_by=by)
        for pk in places
    ]
    SessionAttendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["session", "place"],
        update_fields=["present", "marked_at", "marked_by"],
    )
    return rows
