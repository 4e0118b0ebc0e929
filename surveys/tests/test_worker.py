"""The survey's beat job through a real Celery worker (Redis broker) and a real SMTP
server: the run queued twice invites each clerk once and the invitations arrive; a week
later the reminder goes to the council that has not submitted, once."""

import datetime

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.tests.smtp_sink import RunningSink, SmtpSink
from surveys.models import SurveyNotice
from surveys.services import responses as response_services
from surveys.tasks import survey_notices_queue_task, surveys_notices_queue_task
from surveys.tests.factories import build_survey
from tests.waiting import wait_for

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def sink(settings):
    with RunningSink(SmtpSink()) as running:
        settings.MAILERS = {"default": running.mailer}
        yield running.sink


def all_sent(purpose: str, count: int) -> bool:
    rows = OutgoingMail.objects.filter(purpose=purpose)
    return rows.count() == count and not rows.exclude(status=OutgoingMail.Status.SENT).exists()


def _broker_empty() -> bool:
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        return broker.llen("celery") == 0
    finally:
        broker.close()


def test_the_beat_job_run_twice_invites_each_clerk_once_then_reminds_once(
    celery_worker, sink, people, council_a, council_b
):
    survey = build_survey()

    surveys_notices_queue_task.delay()
    surveys_notices_queue_task.delay()

    wait_for(lambda: all_sent("surveys.invitation", 2), what="the two invitations to be sent")
    wait_for(_broker_empty, what="the worker to take both runs")
    wait_for(
        lambda: len([m for m in sink.accepted if "Member survey 2026" in m["Subject"]]) >= 2, what="delivery"
    )
    assert sorted(m["To"] for m in sink.accepted) == sorted(
        [people["clerk_a"].email, people["clerk_b"].email]
    )
    assert SurveyNotice.objects.filter(survey=survey).count() == 2

    # Council B submits; the invitations are moved a week back (the worker thread keeps
    # real time), and the per-survey task, run twice, reminds council A's clerk once.
    response_services.response_section_save(
        survey_id=survey.pk,
        council_id=council_b.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=people["clerk_b"],
    )
    response_services.response_submit(survey_id=survey.pk, council_id=council_b.pk, user=people["clerk_b"])
    SurveyNotice.objects.update(queued_at=timezone.now() - datetime.timedelta(days=8))
    survey_notices_queue_task.delay(survey.pk)
    survey_notices_queue_task.delay(survey.pk)
    wait_for(lambda: all_sent("surveys.reminder", 1), what="the reminder to be sent")
    wait_for(_broker_empty, what="the worker to take both runs")
    wait_for(lambda: any(m["Subject"].startswith("[KALC] Reminder") for m in sink.accepted), what="delivery")
    assert [m["To"] for m in sink.accepted if "Reminder" in m["Subject"]] == [people["clerk_a"].email]
