"""Training's jobs through a real Celery worker (Redis broker) and a real SMTP server:
the confirmation arrives with its .ics, the beat job moves a lapsed offer on and the
next entry's offer arrives, and each scheduled email job (reminders, joining links,
feedback requests) run twice sends each email once."""

import datetime

import icalendar
import pytest
import redis
import time_machine
from django.conf import settings
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink
from tests.waiting import wait_for
from training.models import WaitingListEntry
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tasks.feedback import feedback_requests_queue_task
from training.tasks.joining_links import joining_links_queue_task
from training.tasks.reminders import event_reminders_queue_task
from training.tasks.waiting_list import waiting_list_offers_expire_task
from training.tests.factories import EventFactory, online_session

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def sink(settings):
    with RunningSink(SmtpSink()) as running:
        settings.MAILERS = {"default": running.mailer}
        yield running.sink


def all_sent(purpose: str, count: int) -> bool:
    rows = OutgoingMail.objects.filter(purpose=purpose)
    return rows.count() == count and not rows.exclude(status=OutgoingMail.Status.SENT).exists()


def test_confirmation_arrives_with_its_ics(celery_worker, sink, people, council_a):
    event = EventFactory(title="Emergency planning", slug="emergency-planning")

    services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    )

    wait_for(lambda: all_sent("training.booking_confirmed", 2), what="the confirmations to be sent")
    message = next(m for m in sink.accepted if m["To"] == people["councillor_a"].email)
    assert message["Subject"].startswith("[KALC] Booked: Emergency planning")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "emergency-planning.ics"
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Emergency planning"]


def test_the_beat_job_moves_a_lapsed_offer_on_and_the_offer_arrives(
    celery_worker, sink, people, council_a, council_b
):
    event = EventFactory(capacity=1)
    booking = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["chair_a"].pk)],
    )
    first = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_b"],
        council_id=council_b.pk,
        attendees=[Attendee("", "", people["clerk_b"].pk)],
    )
    second = services.booking_request(
        event_id=event.pk,
        booked_by=people["deputy_clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["deputy_clerk_a"].pk)],
    )
    services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])
    # The first offer is two days old: its hold has run out.
    WaitingListEntry.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    waiting_list_offers_expire_task.delay()

    wait_for(
        lambda: WaitingListEntry.objects.get(pk=second.pk).status == WaitingListEntry.Status.OFFERED,
        what="the next entry to be offered the place",
    )
    assert WaitingListEntry.objects.get(pk=first.pk).status == WaitingListEntry.Status.EXPIRED
    wait_for(lambda: all_sent("training.waiting_list_offer", 2), what="both offers to be sent")
    assert sorted(m["To"] for m in sink.accepted if "Places for you" in m["Subject"]) == sorted(
        [people["clerk_b"].email, people["deputy_clerk_a"].email]
    )


def test_the_reminder_job_run_twice_sends_each_reminder_once(celery_worker, sink, people, council_a):
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=20)
    with time_machine.travel(soon - datetime.timedelta(days=10)):
        event = EventFactory(
            starts_at=soon,
            booking_opens_at=soon - datetime.timedelta(days=30),
            booking_closes_at=soon - datetime.timedelta(hours=2),
            cancellation_deadline=soon - datetime.timedelta(days=2),
        )
        services.booking_request(
            event_id=event.pk,
            booked_by=people["clerk_a"],
            council_id=council_a.pk,
            attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
        )

    event_reminders_queue_task.delay()
    event_reminders_queue_task.delay()

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    wait_for(lambda: broker.llen("celery") == 0, what="the worker to take both runs")
    broker.close()
    wait_for(lambda: all_sent("training.reminder_1d", 2), what="the two reminders to be sent")
    wait_for(lambda: len([m for m in sink.accepted if "Tomorrow" in m["Subject"]]) >= 2, what="delivery")
    assert sorted(m["To"] for m in sink.accepted if "Tomorrow" in m["Subject"]) == sorted(
        [people["councillor_a"].email, "sam@example.org"]
    )


def test_the_reminder_job_run_twice_with_time_frozen_sends_each_reminder_once(
    celery_worker, sink, people, council_a
):
    # The worker runs in this process (a thread), so it sees the travelled clock too.
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    event = EventFactory(starts_at=starts)
    services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
    )

    with time_machine.travel(starts - datetime.timedelta(days=6, hours=23)):
        event_reminders_queue_task.delay()
        event_reminders_queue_task.delay()
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        wait_for(lambda: broker.llen("celery") == 0, what="the worker to take both runs")
        broker.close()
        wait_for(lambda: all_sent("training.reminder_7d", 2), what="the two week reminders to be sent")

    assert sorted(m["To"] for m in sink.accepted if "In 7 days" in m["Subject"]) == sorted(
        [people["councillor_a"].email, "sam@example.org"]
    )


def online_event_booked(people, council_a, starts):
    """An online session starting at `starts`, booked ten days before for two people."""
    with time_machine.travel(starts - datetime.timedelta(days=10)):
        event = EventFactory(
            starts_at=starts,
            sessions=[online_session(starts, online_url="https://meet.example.org/room-9")],
            booking_opens_at=starts - datetime.timedelta(days=30),
            booking_closes_at=starts - datetime.timedelta(hours=2),
            cancellation_deadline=starts - datetime.timedelta(days=2),
        )
        services.booking_request(
            event_id=event.pk,
            booked_by=people["clerk_a"],
            council_id=council_a.pk,
            attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
        )
    return event


def test_the_joining_link_job_run_twice_sends_each_link_once(celery_worker, sink, people, council_a):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    online_event_booked(people, council_a, starts)

    with time_machine.travel(starts - datetime.timedelta(minutes=58)):
        joining_links_queue_task.delay()
        joining_links_queue_task.delay()
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        wait_for(lambda: broker.llen("celery") == 0, what="the worker to take both runs")
        broker.close()
        wait_for(lambda: all_sent("training.joining_link", 2), what="the two links to be sent")

    links = [m for m in sink.accepted if "Joining link" in m["Subject"]]
    assert sorted(m["To"] for m in links) == sorted([people["councillor_a"].email, "sam@example.org"])
    assert all("https://meet.example.org/room-9" in m.get_body(("plain",)).get_content() for m in links)


def test_the_feedback_request_job_run_twice_sends_each_request_once(celery_worker, sink, people, council_a):
    event = EventFactory(title="Finance for councillors")
    services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("", "", people["chair_a"].pk)],
    )

    with time_machine.travel(event.ends_at + datetime.timedelta(minutes=20)):
        feedback_requests_queue_task.delay()
        feedback_requests_queue_task.delay()
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        wait_for(lambda: broker.llen("celery") == 0, what="the worker to take both runs")
        broker.close()
        wait_for(lambda: all_sent("training.feedback_request", 2), what="the two requests to be sent")

    requests = [m for m in sink.accepted if m["Subject"] == "[KALC] How was Finance for councillors?"]
    assert sorted(m["To"] for m in requests) == sorted(
        [people["councillor_a"].email, people["chair_a"].email]
    )
