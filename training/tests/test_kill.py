"""A worker process killed with SIGKILL in the middle of a scheduled email job (the
reminders, the joining links), then a new worker and the job's next run: every place gets
its email, and none gets it twice.

The kill lands at a moment the test chooses, not one left to timing: another transaction
holds an uncommitted outbox row with the idempotency key of the second place's email, so
the job's insert for that place waits on the unique index. The first place's row is
committed by then (each email commits on its own), the second and third are not written.
Everything else is real: the worker process, the broker, the database, the SMTP server."""

import collections
import datetime
import time

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink
from kalc_portal.outbox.tests.test_kill import STARTUP_TIMEOUT, WorkerProcess, _broker_queue_length
from tests.waiting import wait_for
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory, online_session

JOBS = {
    "reminders": (
        "training.tasks.reminders.event_reminders_queue_task",
        "training.reminder_1d",
        "place:{place}",
    ),
    "joining links": (
        "training.tasks.joining_links.joining_links_queue_task",
        "training.joining_link",
        "session:{session}:place:{place}",
    ),
}


def _hold_key(key: str):
    """Another connection inserts a row with this key and keeps its transaction open (raw SQL:
    the ORM would use the test's own connection, whose transaction the job must not see)."""
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        now = timezone.now()
        cursor.execute(
            'INSERT INTO outbox_outgoingmail (purpose, object_key, "to", idempotency_key, from_email,'
            " subject, body_text, body_html, headers, attachments, message_id, clear_body_on_send,"
            " status, attempts, last_error, due_at, created_at, updated_at)"
            " VALUES ('held', 'held', 'held@example.org', %s, '', '', '', '', '{}', '[]', '', false,"
            " 'failed', 0, '', %s, %s, %s)",
            [key, now, now, now],
        )
    return blocker


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", JOBS)
def test_a_worker_killed_mid_job_loses_no_email_and_sends_none_twice(job, people, council_a, tmp_path):
    from kalc_portal.celery import app

    task_name, purpose, key_pattern = JOBS[job]
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=40)
    with time_machine.travel(starts - datetime.timedelta(days=10)):
        event = EventFactory(
            starts_at=starts,
            sessions=[online_session(starts, online_url="https://meet.example.org/room-7")],
            booking_opens_at=starts - datetime.timedelta(days=30),
            booking_closes_at=starts - datetime.timedelta(hours=2),
            cancellation_deadline=starts - datetime.timedelta(days=2),
        )
        booking = services.booking_request(
            event_id=event.pk,
            booked_by=people["clerk_a"],
            council_id=council_a.pk,
            attendees=[
                Attendee("", "", people["councillor_a"].pk),
                Attendee("Sam Patel", "sam@example.org"),
                Attendee("Ann One", "ann@example.org"),
            ],
        )
    places = list(booking.places.order_by("pk"))
    session = event.sessions.get()
    rows = OutgoingMail.objects.filter(purpose=purpose)
    held_key = OutgoingMail.idempotency_key_for(
        purpose=purpose,
        object_key=key_pattern.format(session=session.pk, place=places[1].pk),
        to=places[1].email,
    )

    sink = SmtpSink()
    workers = []
    with RunningSink(sink) as running:
        blocker = _hold_key(held_key)
        try:
            first = WorkerProcess(smtp_url=running.url, log_path=tmp_path / "worker-1.log")
            workers.append(first)
            app.send_task(task_name)
            wait_for(
                lambda: rows.count() == 1 and _someone_waits_for_a_lock(),
                what=f"the job to stop at the second place:\n{first.log_tail()}",
                timeout=STARTUP_TIMEOUT,
            )
            first.kill()
            blocker.rollback()
            assert list(rows.values_list("to", flat=True)) == [places[0].email]

            second = WorkerProcess(smtp_url=running.url, log_path=tmp_path / "worker-2.log")
            workers.append(second)
            app.send_task(task_name)  # the job's next run, as beat sends it
            time.sleep(1.2)  # past OUTBOX_STUCK_AFTER_SECONDS for a row whose send was lost
            app.send_task("kalc_portal.outbox.tasks.outbox_requeue_stuck_task")
            wait_for(
                lambda: rows.count() == 3 and not rows.exclude(status=OutgoingMail.Status.SENT).exists(),
                what=f"all three emails to be sent:\n{second.log_tail()}",
                timeout=STARTUP_TIMEOUT,
            )
            wait_for(lambda: _broker_queue_length() == 0, what="the broker queue to empty", timeout=60)
            time.sleep(1.0)  # let any duplicate send task run out before counting
        finally:
            blocker.close()
            for worker in workers:
                worker.stop()

    subject = "Joining link" if job == "joining links" else "Tomorrow"
    delivered = collections.Counter(str(m["To"]) for m in sink.accepted if subject in m["Subject"])
    assert delivered == {place.email: 1 for place in places}
