"""The outbox through a real Celery worker (Redis broker) and a real SMTP server."""

from collections import deque

import pytest

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_queue
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink
from tests.waiting import wait_for

Status = OutgoingMail.Status


@pytest.fixture
def sink(settings):
    with RunningSink(SmtpSink()) as running:
        settings.MAILERS = {"default": running.mailer}
        yield running.sink


def _queue(to="clerk@ash.example.org"):
    return mail_queue(
        purpose="outbox.test", object_key="1", to=to, template="outbox/test_message", context={"name": "Ada"}
    )


def _status_becomes(mail, status):
    wait_for(
        lambda: OutgoingMail.objects.get(pk=mail.pk).status == status, what=f"email {mail.pk} to be {status}"
    )
    return OutgoingMail.objects.get(pk=mail.pk)


@pytest.mark.celery_worker
def test_a_queued_email_is_sent_by_the_worker_and_marked_sent(celery_worker, sink):
    mail = _queue()

    mail = _status_becomes(mail, Status.SENT)

    assert sink.recipients() == ["clerk@ash.example.org"]
    assert mail.attempts == 1 and mail.sent_at is not None


@pytest.mark.celery_worker
def test_a_temporary_smtp_failure_is_retried_and_ends_sent(celery_worker, sink, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    sink.scripted_replies = deque(["451 4.7.1 Greylisted, try again shortly"])

    mail = _status_becomes(_queue(), Status.SENT)

    assert mail.attempts == 2 and mail.last_error == ""
    assert len(sink.refused) == 1 and sink.recipients() == ["clerk@ash.example.org"]


@pytest.mark.celery_worker
def test_a_permanent_smtp_failure_ends_failed_with_its_error(celery_worker, sink):
    sink.scripted_replies = deque(["550 5.1.1 <clerk@ash.example.org>: no such user"])

    mail = _status_becomes(_queue(), Status.FAILED)

    assert mail.attempts == 1
    assert "550" in mail.last_error and "no such user" in mail.last_error
    assert sink.accepted == []


@pytest.mark.django_db(transaction=True)
def test_the_broker_carries_only_the_row_id(settings):
    """The task message as it sits in Redis: the id, and no address, subject or body."""
    import base64
    import json

    import redis

    mail = _queue(to="private.person@ash.example.org")  # autocommit: queued at once

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    [raw] = client.lrange("celery", 0, -1)
    envelope = json.loads(raw)
    body = base64.b64decode(envelope["body"])
    assert envelope["headers"]["task"] == "kalc_portal.outbox.tasks.outbox_send_task"
    assert json.loads(body)[0] == [mail.pk]
    for secret in (b"private.person", b"Test email", b"Hello Ada"):
        assert secret not in raw and secret not in body
