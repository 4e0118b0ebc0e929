"""A real Celery worker process killed with SIGKILL in the middle of a batch of 50
emails, then a new worker: every one of the 50 is delivered exactly once.

Where the kill lands matters, and the test decides it rather than leaving it to
timing. Between the SMTP server answering 250 to a message and the worker's
commit of "sent" there is a window (microseconds wide) that the outbox cannot
close: a worker killed there has delivered a message it has not recorded, and
the re-queue sends it again (at least once; same Message-ID). A kill at a random
moment would land there rarely, so an "exactly once" assertion would be a
flaky lie. Instead the SMTP sink holds the 21st message's DATA unanswered and
says so; the test kills the worker then, provably before the server accepted
that message. Everything else (the lock dropped with the dead worker's
connection, the row left `sending`, the lost broker message, the re-queue, the
new worker) is real. test_the_window_after_the_server_accepted_sends_again
below shows the window's outcome honestly, in-process."""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_queue, mail_requeue_stuck, mail_send
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink
from tests.waiting import wait_for

Status = OutgoingMail.Status
BATCH = 50
KILL_AFTER = 20  # accepted before the held one
STARTUP_TIMEOUT = 120.0
PROJECT_DIR = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`celery -A kalc_portal worker` as its own process, on the test database, broker and SMTP sink."""

    def __init__(self, *, smtp_url: str, log_path: Path):
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "kalc_portal.settings.test",
            "DATABASE_URL": _database_url(),
            "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
            "TEST_EMAIL_URL": smtp_url,
            "OUTBOX_STUCK_AFTER_SECONDS": "1",
            "OUTBOX_RETRY_BASE_SECONDS": "1",
        }
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kalc_portal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def _queue_batch(*, enqueue: bool) -> list[OutgoingMail]:
    return [
        mail_queue(
            purpose="outbox.kill_test",
            object_key="batch",
            to=f"clerk{number:02d}@council{number:02d}.example.org",
            template="outbox/test_message",
            context={"name": f"Clerk {number}"},
            enqueue=enqueue,
        )
        for number in range(BATCH)
    ]


def _broker_queue_length() -> int:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        return client.llen("celery")
    finally:
        client.close()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sending", ["a task per email", "one batch task over one connection"])
def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(sending, tmp_path):
    from kalc_portal.outbox.tasks import outbox_requeue_stuck_task, outbox_send_batch_task

    sink = SmtpSink(delay_seconds=0.02, hold_after=KILL_AFTER)
    workers = []
    with RunningSink(sink) as running:
        try:
            mails = _queue_batch(enqueue=sending == "a task per email")
            if sending != "a task per email":
                outbox_send_batch_task.delay([mail.pk for mail in mails])

            first = WorkerProcess(smtp_url=running.url, log_path=tmp_path / "worker-1.log")
            workers.append(first)
            assert sink.holding.wait(STARTUP_TIMEOUT), f"the worker never got going:\n{first.log_tail()}"

            # Mid-send: the server has the 21st message's DATA and has not answered.
            held_to = str(sink.held_message["To"])
            held = OutgoingMail.objects.get(to=held_to)
            assert (held.status, held.attempts) == (Status.SENDING, 1)
            first.kill()
            assert sink.held_dropped.wait(30), "the sink never saw the killed worker's connection drop"
            assert len(sink.accepted) == KILL_AFTER
            # The dead worker's lock went with its connection; its row is left sending.
            assert OutgoingMail.objects.filter(status=Status.SENT).count() == KILL_AFTER
            held.refresh_from_db()
            assert held.status == Status.SENDING

            sink.release.set()
            second = WorkerProcess(smtp_url=running.url, log_path=tmp_path / "worker-2.log")
            workers.append(second)
            time.sleep(1.2)  # past OUTBOX_STUCK_AFTER_SECONDS for the rows left behind
            outbox_requeue_stuck_task.delay()  # what beat sends every minute

            wait_for(
                lambda: OutgoingMail.objects.filter(status=Status.SENT).count() == BATCH,
                what=f"all {BATCH} emails to be sent",
                timeout=STARTUP_TIMEOUT,
            )
            # Let any duplicate task the re-queue made run out before counting.
            wait_for(lambda: _broker_queue_length() == 0, what="the broker queue to empty", timeout=60)
            time.sleep(1.0)
        finally:
            for worker in workers:
                worker.stop()

    delivered = collections.Counter(sink.recipients())
    assert set(delivered) == {mail.to for mail in mails}
    assert [to for to, count in delivered.items() if count != 1] == []
    assert sum(delivered.values()) == BATCH
    assert OutgoingMail.objects.filter(status=Status.SENT).count() == BATCH
    held.refresh_from_db()
    assert (held.status, held.attempts) == (Status.SENT, 2)
    [resent] = [message for message in sink.accepted if str(message["To"]) == held_to]
    assert resent["Message-ID"] == held.message_id == sink.held_message["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_the_window_after_the_server_accepted_sends_again_with_the_same_message_id(settings):
    """The at-least-once window, shown honestly: the server accepts, then the commit is
    lost (here an enclosing transaction rolls back, as a worker killed at that instant
    would). The row is still waiting, so it is sent again, with the same Message-ID."""
    with RunningSink(SmtpSink()) as running:
        settings.MAILERS = {"default": running.mailer}
        settings.OUTBOX_STUCK_AFTER_SECONDS = 0
        mail = mail_queue(
            purpose="outbox.test",
            object_key="1",
            to="chair@ash.example.org",
            template="outbox/test_message",
            context={},
            enqueue=False,
        )
        with pytest.raises(RuntimeError), transaction.atomic():
            assert mail_send(outgoing_mail_id=mail.pk).status == "sent"
            raise RuntimeError("the worker died before its commit reached the database")
        mail.refresh_from_db()
        assert mail.status == Status.QUEUED and mail.sent_at is None

        mail_requeue_stuck()
        assert mail_send(outgoing_mail_id=mail.pk).status == "sent"

        first, second = running.sink.accepted
        assert first["To"] == second["To"] == "chair@ash.example.org"
        assert first["Message-ID"] == second["Message-ID"] == mail.message_id
