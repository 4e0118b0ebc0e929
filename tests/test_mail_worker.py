"""Email goes through the outbox (kalc_portal.outbox) and a real Celery worker (Redis broker)."""

import time

import pytest
from django.core import mail as django_mail

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_queue
from members.tests.factories import UserFactory
from tests.waiting import wait_for_outbox

pytestmark = pytest.mark.celery_worker


def test_password_reset_email_is_sent_by_the_worker_after_commit(celery_worker, client):
    user = UserFactory(email="clerk@ashparish.example.org")

    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    wait_for_outbox(1)
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == ["clerk@ashparish.example.org"]
    assert message.subject.startswith("[KALC] ")
    assert "/accounts/password/reset/key/" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html"
    assert "Kent Association of Local Councils" in html.content
    # The outbox keeps the delivery record, not the reset link.
    row = OutgoingMail.objects.get()
    assert (row.purpose, row.to, row.user, row.status) == (
        "allauth.password_reset_key",
        user.email,
        user,
        OutgoingMail.Status.SENT,
    )
    assert row.body_text == "" and row.body_html == "" and row.body_cleared_at is not None


def test_unknown_address_gets_a_neutral_message_not_an_error(celery_worker, client):
    response = client.post("/accounts/password/reset/", {"email": "stranger@example.org"})

    assert response.status_code == 302
    wait_for_outbox(1)
    # allauth tells the address's owner that no account exists; the page says nothing.
    assert [m.to for m in django_mail.outbox] == [["stranger@example.org"]]


def test_a_redelivered_message_is_sent_once(celery_worker):
    from kalc_portal.outbox.tasks import outbox_send_task

    row = mail_queue(
        purpose="outbox.test",
        object_key="1",
        to="chair@example.org",
        template="outbox/test_message",
        context={},
    )
    # The same id twice more, as a broker would redeliver after a lost worker.
    outbox_send_task.delay(row.pk)
    outbox_send_task.delay(row.pk)
    wait_for_outbox(1)
    time.sleep(1.0)

    assert len(django_mail.outbox) == 1
    assert django_mail.outbox[0].extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT and row.attempts == 1


def test_heartbeat_task_runs_on_the_worker_and_shows_in_healthz(celery_worker, client):
    from kalc_portal.tasks import record_worker_heartbeat_task

    record_worker_heartbeat_task.delay()
    deadline = time.monotonic() + 15
    body = {}
    while time.monotonic() < deadline:
        body = client.get("/healthz").json()
        if body.get("worker_heartbeat"):
            break
        time.sleep(0.1)
    assert body["worker_heartbeat"]


@pytest.mark.django_db
def test_queued_email_is_not_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                mail_queue(
                    purpose="outbox.test",
                    object_key="1",
                    to="a@example.org",
                    template="outbox/test_message",
                    context={},
                )
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutgoingMail.objects.exists()
