"""Training's emails are outbox rows: a confirmation with the .ics to the booker and each
attendee, an offer to whoever waits, reminders 7 days and 1 day before; each once."""

import base64
import datetime

import icalendar
import pytest
import time_machine

from kalc_portal.outbox.models import OutgoingMail
from training import notifications
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def book_two(people, council_a, event):
    return services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
    )


def test_confirmation_goes_to_the_booker_and_each_attendee_with_the_ics(people, council_a):
    event = EventFactory(title="Planning for councillors")

    booking = book_two(people, council_a, event)

    mails = OutgoingMail.objects.filter(purpose="training.booking_confirmed").order_by("to")
    assert sorted(mails.values_list("to", flat=True)) == sorted(
        [people["clerk_a"].email, people["councillor_a"].email, "sam@example.org"]
    )
    mail = mails.get(to="sam@example.org")
    assert mail.subject.startswith("[KALC] Booked: Planning for councillors")
    assert "Sam Patel" in mail.body_text and "Councillor A" in mail.body_text
    [attachment] = mail.attachments
    assert attachment["filename"] == f"{event.slug}.ics" and attachment["mimetype"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"]))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Planning for councillors"]

    notifications.booking_confirmed(booking_id=booking.pk)  # again: nothing more
    assert mails.count() == 3


def test_an_offer_emails_whoever_joined_the_waiting_list(people, council_a, council_b):
    event = EventFactory(capacity=1)
    booking = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["chair_a"].pk)],
    )
    entry = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_b"],
        council_id=council_b.pk,
        attendees=[Attendee("", "", people["clerk_b"].pk)],
    )
    assert not OutgoingMail.objects.filter(purpose="training.waiting_list_offer").exists()

    services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])

    mail = OutgoingMail.objects.get(purpose="training.waiting_list_offer")
    assert mail.to == people["clerk_b"].email
    assert f"/training/waiting-list/{entry.pk}/accept/" in mail.body_text


def test_reminders_go_7_days_and_1_day_before_each_once(people, council_a):
    event = EventFactory()
    book_two(people, council_a, event)
    starts = event.starts_at

    with time_machine.travel(starts - datetime.timedelta(days=8), tick=False):
        assert notifications.event_reminders_queue() == 0
    with time_machine.travel(starts - datetime.timedelta(days=6, hours=23), tick=False):
        assert notifications.event_reminders_queue() == 2  # one per place
        assert notifications.event_reminders_queue() == 0  # the job runs twice: sent once
    with time_machine.travel(starts - datetime.timedelta(hours=23), tick=False):
        assert notifications.event_reminders_queue() == 2
        assert notifications.event_reminders_queue() == 0

    reminders = OutgoingMail.objects.filter(purpose__startswith="training.reminder_")
    assert sorted(reminders.values_list("purpose", "to")) == sorted(
        [
            ("training.reminder_1d", people["councillor_a"].email),
            ("training.reminder_1d", "sam@example.org"),
            ("training.reminder_7d", people["councillor_a"].email),
            ("training.reminder_7d", "sam@example.org"),
        ]
    )
    assert reminders.get(purpose="training.reminder_1d", to="sam@example.org").subject.startswith(
        "[KALC] Tomorrow:"
    )


def test_no_week_reminder_once_the_days_reminder_is_due_nor_for_cancelled_places(people, council_a):
    event = EventFactory()
    booking = book_two(people, council_a, event)
    services.booking_places_cancel(
        booking_id=booking.pk,
        by=people["clerk_a"],
        place_ids=[booking.places.get(email="sam@example.org").pk],
    )

    with time_machine.travel(event.starts_at - datetime.timedelta(hours=20), tick=False):
        assert notifications.event_reminders_queue() == 1

    assert list(
        OutgoingMail.objects.filter(purpose__startswith="training.reminder_").values_list("purpose", "to")
    ) == [("training.reminder_1d", people["councillor_a"].email)]
