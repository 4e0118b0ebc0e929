"""The outbox's services against real PostgreSQL (and Django's in-memory mail backend
where the SMTP conversation itself is not the point)."""

import base64
import threading
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.db import connection, transaction
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import (
    mail_bodies_clear,
    mail_queue,
    mail_requeue_stuck,
    mail_retry,
    mail_send,
    mail_send_batch,
)
from kalc_portal.outbox.tests.factories import OutgoingMailFactory

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def _queue(**overrides):
    arguments = {
        "purpose": "outbox.test",
        "object_key": "42",
        "to": "clerk@ash.example.org",
        "template": "outbox/test_message",
        "context": {"name": "Ada"},
    }
    return mail_queue(**(arguments | overrides))


def test_mail_queue_renders_the_three_templates_and_queues_the_id_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        mail = _queue(
            headers={"List-Unsubscribe": "<https://kalc.example/unsubscribe/abc>"},
            attachments=[("meeting.ics", ICS, "text/calendar")],
        )

    assert len(callbacks) == 1
    mail.refresh_from_db()
    assert mail.status == Status.QUEUED
    assert mail.attempts == 0
    assert mail.purpose == "outbox.test" and mail.object_key == "42" and mail.to == "clerk@ash.example.org"
    assert mail.subject == "Test email from the KALC members' portal"
    assert mail.body_text.startswith("Hello Ada,")
    assert "<p>Hello Ada,</p>" in mail.body_html and "<title>Test email from" in mail.body_html
    assert mail.headers == {"List-Unsubscribe": "<https://kalc.example/unsubscribe/abc>"}
    assert base64.b64decode(mail.attachments[0]["content"]) == ICS
    assert mail.message_id.startswith("<") and mail.message_id.endswith("@testserver>")


def test_the_same_purpose_object_and_recipient_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = _queue()
        again = _queue(to="Clerk@Ash.example.org", context={"name": "Someone else"})

    assert again.pk == first.pk
    assert len(callbacks) == 1
    assert OutgoingMail.objects.count() == 1
    # A different object, purpose or recipient is a different email.
    _queue(object_key="43")
    _queue(purpose="outbox.other")
    _queue(to="chair@ash.example.org")
    assert OutgoingMail.objects.count() == 4


def test_nothing_is_stored_or_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("roll back")

    assert callbacks == []
    assert not OutgoingMail.objects.exists()


def test_mail_send_delivers_body_html_headers_attachments_and_marks_it_sent():
    mail = _queue(
        headers={"List-Unsubscribe": "<https://kalc.example/unsubscribe/abc>"},
        attachments=[("meeting.ics", ICS, "text/calendar")],
    )

    outcome = mail_send(outgoing_mail_id=mail.pk)

    assert outcome.status == "sent"
    [message] = django_mail.outbox
    assert message.to == ["clerk@ash.example.org"]
    assert message.subject == "Test email from the KALC members' portal"
    assert message.body.startswith("Hello Ada,")
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == "<https://kalc.example/unsubscribe/abc>"
    assert message.extra_headers["Message-ID"] == mail.message_id
    [attachment] = message.attachments
    assert attachment.filename == "meeting.ics" and attachment.mimetype == "text/calendar"
    mail.refresh_from_db()
    assert mail.status == Status.SENT and mail.attempts == 1 and mail.sent_at is not None
    assert mail.body_text  # kept until the retention period ends


def test_a_sent_row_is_never_sent_again():
    mail = OutgoingMailFactory()
    assert mail_send(outgoing_mail_id=mail.pk).status == "sent"

    assert mail_send(outgoing_mail_id=mail.pk).status == "skipped"
    assert len(django_mail.outbox) == 1
    mail.refresh_from_db()
    assert mail.attempts == 1


def test_one_time_links_are_cleared_from_the_row_once_sent():
    mail = OutgoingMailFactory(clear_body_on_send=True, body_text="Reset: https://x/reset/key/abc")

    mail_send(outgoing_mail_id=mail.pk)

    assert "https://x/reset/key/abc" in django_mail.outbox[0].body
    mail.refresh_from_db()
    assert mail.status == Status.SENT
    assert mail.body_text == "" and mail.body_html == "" and mail.body_cleared_at is not None


def test_mail_send_batch_sends_each_row_once_over_one_connection():
    mails = [OutgoingMailFactory() for _ in range(3)]
    already = mails[0]
    mail_send(outgoing_mail_id=already.pk)

    outcomes = mail_send_batch(outgoing_mail_ids=[m.pk for m in mails])

    assert [o.status for o in outcomes] == ["skipped", "sent", "sent"]
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(m.to for m in mails)


@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_holds_is_skipped_not_sent_twice():
    mail = OutgoingMailFactory()
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            OutgoingMail.objects.select_for_update().get(pk=mail.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert mail_send(outgoing_mail_id=mail.pk).status == "skipped"
    finally:
        release.set()
        thread.join()
    assert django_mail.outbox == []
    mail.refresh_from_db()
    assert mail.status == Status.QUEUED and mail.attempts == 0


def test_requeue_takes_back_rows_left_queued_or_sending_too_long(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_STUCK_AFTER_SECONDS = 600
    lost_message = OutgoingMailFactory()
    killed_worker = OutgoingMailFactory()
    OutgoingMail.objects.filter(pk=killed_worker.pk).update(status=Status.SENDING, attempts=1)
    fresh = OutgoingMailFactory()
    sent = OutgoingMailFactory()
    mail_send(outgoing_mail_id=sent.pk)
    later = timezone.now() + timedelta(seconds=601)
    OutgoingMail.objects.filter(pk=fresh.pk).update(due_at=later - timedelta(seconds=60))

    with django_capture_on_commit_callbacks() as callbacks:
        assert mail_requeue_stuck(now=later) == 2

    assert len(callbacks) == 2
    for mail in (lost_message, killed_worker):
        mail.refresh_from_db()
        assert mail.status == Status.QUEUED and mail.due_at == later
    fresh.refresh_from_db()
    sent.refresh_from_db()
    assert fresh.due_at == later - timedelta(seconds=60)
    assert sent.status == Status.SENT
    # Taken back once per threshold, not on every run.
    with django_capture_on_commit_callbacks() as callbacks:
        assert mail_requeue_stuck(now=later + timedelta(seconds=60)) == 0
    assert callbacks == []


def test_requeue_fails_a_row_whose_worker_died_on_every_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail = OutgoingMailFactory()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.SENDING, attempts=3)

    assert mail_requeue_stuck(now=timezone.now() + timedelta(days=1)) == 0

    mail.refresh_from_db()
    assert mail.status == Status.FAILED
    assert "stopped before it finished, 3 times" in mail.last_error


@pytest.mark.django_db(transaction=True)
def test_requeue_leaves_a_row_a_live_worker_is_sending():
    mail = OutgoingMailFactory()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.SENDING, attempts=1)
    locked, release = threading.Event(), threading.Event()

    def live_worker():
        with transaction.atomic():
            OutgoingMail.objects.select_for_update().get(pk=mail.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=live_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert mail_requeue_stuck(now=timezone.now() + timedelta(days=1)) == 0
    finally:
        release.set()
        thread.join()
    mail.refresh_from_db()
    assert mail.status == Status.SENDING


def test_staff_retry_queues_failed_rows_again_with_fresh_attempts(django_capture_on_commit_callbacks):
    failed = OutgoingMailFactory()
    OutgoingMail.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=6, last_error="550 no")
    sent = OutgoingMailFactory()
    mail_send(outgoing_mail_id=sent.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        assert mail_retry(outgoing_mail_ids=[failed.pk, sent.pk]) == 1

    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED and failed.attempts == 0
    assert failed.last_error == "550 no"  # until the next attempt says otherwise
    assert mail_send(outgoing_mail_id=failed.pk).status == "sent"
    failed.refresh_from_db()
    assert failed.last_error == ""
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_bodies_of_sent_emails_are_cleared_after_the_retention_period(settings):
    settings.OUTBOX_BODY_RETENTION_DAYS = 90
    old = OutgoingMailFactory(headers={"List-Unsubscribe": "<https://x/u>"})
    recent = OutgoingMailFactory()
    unsent = OutgoingMailFactory()
    for mail in (old, recent):
        mail_send(outgoing_mail_id=mail.pk)
    now = timezone.now()
    OutgoingMail.objects.filter(pk=old.pk).update(sent_at=now - timedelta(days=91))
    OutgoingMail.objects.filter(pk=unsent.pk).update(created_at=now - timedelta(days=200))

    assert mail_bodies_clear(now=now) == 1

    old.refresh_from_db()
    assert old.body_text == old.body_html == "" and old.headers == {} and old.body_cleared_at == now
    # The delivery record stays.
    assert old.status == Status.SENT and old.to and old.subject and old.purpose
    for mail in (recent, unsent):
        mail.refresh_from_db()
        assert mail.body_text and mail.body_cleared_at is None
    assert mail_bodies_clear(now=now) == 0


def test_send_test_email_command_queues_a_new_email_each_time(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_test_email", "office@kalc.example.org", "--name", "Office")
        call_command("send_test_email", "office@kalc.example.org")

    assert len(callbacks) == 2
    mails = OutgoingMail.objects.filter(purpose="outbox.test", to="office@kalc.example.org")
    assert mails.count() == 2
    assert any(mail.body_text.startswith("Hello Office,") for mail in mails)
