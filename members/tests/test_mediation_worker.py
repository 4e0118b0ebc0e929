"""Mediation and feedback emails go out through a real Celery worker (Redis broker),
and a status email is delivered exactly once however often its task runs."""

import time

import pytest
from django.core import mail as django_mail

from members.models import MediationStatusChange
from members.services.feedback import feedback_answer
from members.services.mediation import mediation_case_status_change
from members.tasks.mediation import mediation_status_change_notify_task
from members.tests.factories_office import feedback_item, mediation_case
from tests.waiting import wait_for_outbox

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_notified(change: MediationStatusChange, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        change.refresh_from_db()
        if change.requester_notified_at is not None:
            return
        time.sleep(0.05)


def test_status_email_is_delivered_once_even_when_the_task_runs_twice(celery_worker, people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    # The acknowledgement to the requester and the alert to the one mediation officer.
    wait_for_outbox(2)
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(
        [people["clerk_a"].email, people["mediation_officer"].email]
    )
    alert = next(m for m in django_mail.outbox if m.to == [people["mediation_officer"].email])
    assert case.summary not in alert.body  # the details stay behind the sign-in
    django_mail.outbox.clear()

    change = mediation_case_status_change(
        case=case, status="assessing", note="We will call on Monday.", changed_by=people["mediation_officer"]
    )
    # delay_on_commit queued it once; the broker redelivering it is the same as these two.
    mediation_status_change_notify_task.delay(change.pk)
    mediation_status_change_notify_task.delay(change.pk)
    wait_for_outbox(1)
    wait_until_notified(change)
    time.sleep(1.5)  # give any duplicate time to arrive

    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == [people["clerk_a"].email]
    assert message.subject == f"[KALC] Mediation case {case.pk} is now assessing"
    assert "We will call on Monday." in message.body
    assert change.requester_notified_at is not None


def test_the_answer_to_feedback_reaches_its_author(celery_worker, people):
    item = feedback_item(author=people["clerk_a"], subject="Precept deadline")

    feedback_answer(feedback=item, answer="Tell the district by 31 January.", answered_by=people["staff"])
    wait_for_outbox(1)

    [message] = django_mail.outbox
    assert message.to == [people["clerk_a"].email]
    assert message.subject == "[KALC] Answer to your question: Precept deadline"
    assert "Tell the district by 31 January." in message.body
    assert f"http://testserver/feedback/{item.pk}/" in message.body
    assert "Tell the district by 31 January." in message.alternatives[0].content
