"""The emails training sends, each a row in the outbox (kalc_portal.outbox) keyed by
purpose + object + recipient, so each goes at most once per booking (or place, or offer)
and purpose however often the code that queues it runs. Called inside the booking's
transaction: the outbox queues the send task after commit."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_queue
from training import calendars
from training.models import Booking, BookingPlace, Event, EventSession, WaitingListEntry

# Purpose: (how long before the start, and the nearest start it is still sent for): the
# week's reminder is not sent once the day's is due.
REMINDERS = {
    "reminder_7d": (datetime.timedelta(days=7), datetime.timedelta(days=1)),
    "reminder_1d": (datetime.timedelta(days=1), datetime.timedelta(0)),
}


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _ics_attachment(event: Event, sessions: list[EventSession]) -> tuple[str, bytes, str]:
    return (f"{event.slug}.ics", calendars.event_calendar(event, sessions), "text/calendar")


def booking_confirmed(*, booking_id: int) -> None:
    """Confirmation with the event's .ics to the booker and to each person with a place."""
    booking = Booking.objects.select_related("event", "council", "booked_by").get(pk=booking_id)
    event = booking.event
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    places = list(booking.places.filter(status=BookingPlace.Status.CONFIRMED).order_by("pk"))
    recipients = {booking.booked_by.email.lower(): booking.booked_by.get_full_name()}
    for place in places:
        recipients.setdefault(place.email.lower(), place.name)
    context = {
        "booking": booking,
        "event": event,
        "sessions": sessions,
        "places": places,
        "event_url": _url("training:event", event.slug),
        "booking_url": _url("training:booking", booking.pk),
    }
    attachment = _ics_attachment(event, sessions)
    for email, name in recipients.items():
        mail_queue(
            purpose="training.booking_confirmed",
            object_key=f"booking:{booking.pk}",
            to=email,
            template="training/booking_confirmed",
            context={
                **context,
                "recipient_name": name,
                "is_booker": email == booking.booked_by.email.lower(),
            },
            attachments=[attachment],
        )


def waiting_list_offer(*, entry_id: int) -> None:
    """The offer of places, with the time the hold ends, to whoever joined the waiting list."""
    entry = WaitingListEntry.objects.select_related("event", "council", "joined_by").get(pk=entry_id)
    mail_queue(
        purpose="training.waiting_list_offer",
        object_key=f"entry:{entry.pk}",
        to=entry.joined_by.email,
        user=entry.joined_by,
        template="training/waiting_list_offer",
        context={
            "entry": entry,
            "event": entry.event,
            "recipient": entry.joined_by,
            "accept_url": _url("training:offer_accept", entry.pk),
        },
    )


def event_reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Reminders 7 days and 1 day before an event to every confirmed place booked before
    that point; one outbox row per place and reminder, so running this again sends nothing
    more. Returns the rows this run queued."""
    now = now or timezone.now()
    reminder_rows = OutgoingMail.objects.filter(purpose__in=[f"training.{purpose}" for purpose in REMINDERS])
    before_run = reminder_rows.count()
    for purpose, (before, nearest) in REMINDERS.items():
        events = (
            Event.objects.published()
            .filter(starts_at__gt=now + nearest, starts_at__lte=now + before)
            .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        )
        for event in events:
            sessions = list(event.sessions.all())
            places = BookingPlace.objects.filter(
                event=event,
                status=BookingPlace.Status.CONFIRMED,
                booking__created_at__lt=event.starts_at - before,
            ).order_by("pk")
            for place in places:
                mail_queue(
                    purpose=f"training.{purpose}",
                    object_key=f"place:{place.pk}",
                    to=place.email,
                    template="training/event_reminder",
                    context={
                        "event": event,
                        "sessions": sessions,
                        "place": place,
                        "days": before.days,
                        "event_url": _url("training:event", event.slug),
                    },
                )
    return reminder_rows.count() - before_run


def _confirmed_places_on(event_ids, **filters) -> dict[int, list[BookingPlace]]:
    """Confirmed places of these events, by event (one query)."""
    places: dict[int, list[BookingPlace]] = {}
    rows = BookingPlace.objects.filter(
        event_id__in=list(event_ids), status=BookingPlace.Status.CONFIRMED, **filters
    )
    for place in rows.select_related("user").order_by("pk"):
        places.setdefault(place.event_id, []).append(place)
    return places


def joining_links_queue(*, now: datetime.datetime | None = None) -> int:
    """The joining link of each online session starting within the next
    TRAINING_JOINING_LINK_LEAD_MINUTES, to every confirmed place on its event. One outbox
    row per place and session, so running this again (or after a killed run) sends each
    link once and reaches the places the last run did not. Returns the rows this run queued."""
    now = now or timezone.now()
    lead = datetime.timedelta(minutes=settings.TRAINING_JOINING_LINK_LEAD_MINUTES)
    sessions = list(
        EventSession.objects.filter(
            event__status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=now + lead
        )
        .exclude(online_url="")
        .select_related("event")
        .order_by("starts_at", "pk")
    )
    places_by_event = _confirmed_places_on({session.event_id for session in sessions})
    rows = OutgoingMail.objects.filter(purpose="training.joining_link")
    before_run = rows.count()
    for session in sessions:
        for place in places_by_event.get(session.event_id, []):
            mail_queue(
                purpose="training.joining_link",
                object_key=f"session:{session.pk}:place:{place.pk}",
                to=place.email,
                template="training/joining_link",
                context={
                    "event": session.event,
                    "session": session,
                    "place": place,
                    "event_url": _url("training:event", session.event.slug),
                },
                # The link lets whoever holds it into the meeting: not kept once delivered.
                clear_body_on_send=True,
            )
    return rows.count() - before_run


def feedback_requests_queue(*, now: datetime.datetime | None = None) -> int:
    """A request for feedback to every confirmed place with an account (the form is
    signed in) on each published event that ended within TRAINING_FEEDBACK_DAYS and
    whose holder has not given feedback yet. One outbox row per place: running this
    again sends nothing more. Returns the rows this run queued."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.TRAINING_FEEDBACK_DAYS)
    events = {
        event.pk: event
        for event in Event.objects.published().filter(ends_at__lte=now, ends_at__gt=since).order_by("ends_at")
    }
    places_by_event = _confirmed_places_on(events, user__isnull=False, feedback__isnull=True)
    rows = OutgoingMail.objects.filter(purpose="training.feedback_request")
    before_run = rows.count()
    for event_id, places in places_by_event.items():
        event = events[event_id]
        for place in places:
            mail_queue(
                purpose="training.feedback_request",
                object_key=f"place:{place.pk}",
                to=place.email,
                user=place.user,
                template="training/feedback_request",
                context={
                    "event": event,
                    "place": place,
                    "feedback_url": _url("training:event_feedback", event.slug),
                },
            )
    return rows.count() - before_run
