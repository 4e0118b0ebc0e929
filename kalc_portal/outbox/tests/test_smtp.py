"""mail_send against a real SMTP server (aiosmtpd): what each kind of answer does to the row."""

from collections import deque
from datetime import timedelta

import pytest
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_send, mail_send_batch, retry_delay_seconds
from kalc_portal.outbox.tests.factories import OutgoingMailFactory
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink, free_port

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status


@pytest.fixture
def sink(settings):
    with RunningSink(SmtpSink()) as running:
        settings.MAILERS = {"default": running.mailer}
        yield running.sink


def test_a_message_the_server_accepts_is_sent_with_its_message_id(sink):
    mail = OutgoingMailFactory(
        to="clerk@ash.example.org", attachments=[("a.ics", b"BEGIN:VCALENDAR", "text/calendar")]
    )

    assert mail_send(outgoing_mail_id=mail.pk).status == "sent"

    [message] = sink.accepted
    assert message["To"] == "clerk@ash.example.org"
    assert message["Message-ID"] == mail.message_id
    assert {part.get_content_type() for part in message.walk()} >= {
        "text/plain",
        "text/html",
        "text/calendar",
    }


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(sink, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    sink.scripted_replies = deque(["451 4.3.0 Mailbox busy, try later"])
    mail = OutgoingMailFactory()

    before = timezone.now()
    outcome = mail_send(outgoing_mail_id=mail.pk)

    assert outcome.status == "retry" and outcome.retry_in == 60
    mail.refresh_from_db()
    assert mail.status == Status.QUEUED and mail.attempts == 1
    assert "451" in mail.last_error and "Mailbox busy" in mail.last_error
    assert before + timedelta(seconds=60) <= mail.due_at <= timezone.now() + timedelta(seconds=60)
    assert sink.accepted == []

    assert mail_send(outgoing_mail_id=mail.pk).status == "sent"
    mail.refresh_from_db()
    assert mail.status == Status.SENT and mail.attempts == 2 and mail.last_error == ""
    [first_try] = [message for _, message in sink.refused]
    assert sink.accepted[0]["Message-ID"] == first_try["Message-ID"] == mail.message_id


def test_a_permanent_refusal_fails_at_once_with_its_error(sink):
    sink.scripted_replies = deque(["550 5.1.1 No such mailbox here"])
    mail = OutgoingMailFactory()

    assert mail_send(outgoing_mail_id=mail.pk).status == "failed"

    mail.refresh_from_db()
    assert mail.status == Status.FAILED and mail.attempts == 1
    assert "550" in mail.last_error and "No such mailbox here" in mail.last_error
    assert mail.sent_at is None
    assert mail_send(outgoing_mail_id=mail.pk).status == "skipped"
    assert sink.accepted == []


def test_a_server_that_cannot_be_reached_is_retried_until_the_attempts_run_out(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail = OutgoingMailFactory()

    assert [mail_send(outgoing_mail_id=mail.pk).status for _ in range(3)] == ["retry", "retry", "failed"]

    mail.refresh_from_db()
    assert mail.status == Status.FAILED and mail.attempts == 3
    assert "ConnectionRefusedError" in mail.last_error


def test_backoff_doubles_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 600
    assert [retry_delay_seconds(n) for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_one_refusal_in_a_batch_does_not_stop_the_others(sink):
    sink.scripted_replies = deque(["250 ok", "550 5.1.1 No such mailbox"])
    mails = [OutgoingMailFactory() for _ in range(3)]

    outcomes = mail_send_batch(outgoing_mail_ids=[m.pk for m in mails])

    assert [o.status for o in outcomes] == ["sent", "failed", "sent"]
    assert sorted(sink.recipients()) == sorted([mails[0].to, mails[2].to])
