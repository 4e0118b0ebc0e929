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
