"""Email goes through kalc_portal.mail and a real Celery worker (Redis broker)."""

import time

import pytest
from django.core import mail as django_mail

from kalc_portal import mail
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


def test_unknown_address_gets_a_neutral_message_not_an_error(celery_worker, client):
    response = client.post("/accounts/password/reset/", {"email": "stranger@example.org"})

    assert response.status_code == 302
    wait_for_outbox(1)
    # allauth tells the address's owner that no account exists; the page says nothing.
    assert [m.to for m in django_mail.outbox] == [["stranger@example.org"]]


def test_a_redelivered_message_is_sent_once(celery_worker):
    from kalc_portal.tasks import send_email_task

    email = mail.RenderedEmail(
        to=["chair@example.org"], subject="Reminder", text="Hello", html="<p>Hello</p>"
    )
    # The same payload twice, as a broker would redeliver after a lost worker.
    send_email_task.delay(email.as_payload())
    send_email_task.delay(email.as_payload())
    wait_for_outbox(1)
    time.sleep(1.0)

    assert len(django_mail.outbox) == 1
    assert django_mail.outbox[0].extra_headers["X-KALC-Message-Id"] == email.message_id


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
                mail.queue_email(mail.RenderedEmail(to=["a@example.org"], subject="s", text="t", html="h"))
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
