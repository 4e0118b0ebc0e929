"""Invitations and weekly reminders, with time frozen: a run queues each council's
invitation once; a week later the councils without a submitted response get one
reminder; two runs in a week send once; never to a council that submitted; at most
SURVEY_MAX_REMINDERS; a council without a clerk gets nothing and is listed for staff."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from members.models import Council, Position
from members.tests.factories import CouncilFactory, PositionFactory
from surveys import selectors
from surveys.models import Response, Survey, SurveyNotice
from surveys.services import responses as response_services
from surveys.services.notices import survey_notices_queue
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _week(n: int, hours: int = 0) -> datetime.datetime:
    return START + datetime.timedelta(days=7 * n, hours=hours)


def _reminders_to(email: str) -> int:
    return OutgoingMail.objects.filter(purpose="surveys.reminder", to=email).count()


@pytest.fixture
def round_open(people, council_a, council_b):
    with time_machine.travel(START, tick=False):
        survey = build_survey()
    return survey


def _submit(survey, council, clerk):
    response_services.response_section_save(
        survey_id=survey.pk,
        council_id=council.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=clerk,
    )
    response_services.response_submit(survey_id=survey.pk, council_id=council.pk, user=clerk)


def test_the_first_run_invites_every_member_councils_clerk_once(round_open, people):
    lapsed = CouncilFactory(name="Lapsed", membership_status=Council.MembershipStatus.LAPSED)
    PositionFactory(council=lapsed, role=Position.Role.CLERK)

    with time_machine.travel(_week(0), tick=False):
        first = survey_notices_queue(survey_id=round_open.pk)
        again = survey_notices_queue(survey_id=round_open.pk)

    assert (first.invitations, again.invitations) == (2, 0)
    invited = OutgoingMail.objects.filter(purpose="surveys.invitation")
    assert sorted(invited.values_list("to", flat=True)) == sorted(
        [people["clerk_a"].email, people["clerk_b"].email]
    )
    mail = invited.get(to=people["clerk_a"].email)
    assert f"/surveys/{round_open.pk}/council/ash/" in mail.body_text
    assert (
        mail.object_key == f"survey:{round_open.pk}:council:{mail.user.positions.first().council_id}:notice:0"
    )


def test_two_runs_in_a_week_remind_once_and_never_a_council_that_submitted(
    round_open, people, council_a, council_b
):
    with time_machine.travel(_week(0), tick=False):
        survey_notices_queue(survey_id=round_open.pk)
    with time_machine.travel(_week(0, hours=30), tick=False):
        assert survey_notices_queue(survey_id=round_open.pk).reminders == 0  # not a week yet
        _submit(round_open, council_b, people["clerk_b"])

    with time_machine.travel(_week(1), tick=False):
        runs = [survey_notices_queue(survey_id=round_open.pk) for _ in range(2)]
    with time_machine.travel(_week(1, hours=72), tick=False):
        runs.append(survey_notices_queue(survey_id=round_open.pk))

    assert [run.reminders for run in runs] == [1, 0, 0]
    assert _reminders_to(people["clerk_a"].email) == 1
    assert _reminders_to(people["clerk_b"].email) == 0
    assert list(SurveyNotice.objects.filter(council=council_a).values_list("number", flat=True)) == [0, 1]


def test_reminders_stop_at_the_setting(round_open, people, settings):
    settings.SURVEY_MAX_REMINDERS = 2
    for week in range(6):
        with time_machine.travel(_week(week), tick=False):
            survey_notices_queue(survey_id=round_open.pk)
            survey_notices_queue(survey_id=round_open.pk)
    assert _reminders_to(people["clerk_a"].email) == 2
    assert _reminders_to(people["clerk_b"].email) == 2
    keys = set(OutgoingMail.objects.filter(to=people["clerk_a"].email).values_list("object_key", flat=True))
    assert {key.rsplit(":", 1)[1] for key in keys} == {"0", "1", "2"}


def test_a_closed_or_draft_survey_sends_nothing(people, council_a):
    for status in (Survey.Status.DRAFT, Survey.Status.CLOSED):
        survey = build_survey(status=status, round=2030 if status == "draft" else 2020)
        assert survey_notices_queue(survey_id=survey.pk).invitations == 0
    assert not OutgoingMail.objects.filter(purpose__startswith="surveys.").exists()


def test_a_council_without_a_clerk_is_counted_and_listed_not_skipped_silently(round_open, people):
    no_clerk = CouncilFactory(name="Clerkless", slug="clerkless")
    with time_machine.travel(_week(0), tick=False):
        run = survey_notices_queue(survey_id=round_open.pk)
    assert run.without_clerk == 1
    assert not SurveyNotice.objects.filter(council=no_clerk).exists()
    lines = {line.council.slug: line for line in selectors.non_responders(round_open)}
    assert lines["clerkless"].clerk is None
    assert lines["ash"].clerk == people["clerk_a"] and lines["ash"].notices_sent == 1


def test_a_new_clerk_gets_the_next_reminder(round_open, people, council_a):
    from members import services as member_services

    with time_machine.travel(_week(0), tick=False):
        survey_notices_queue(survey_id=round_open.pk)
    clerk_position = Position.objects.get(council=council_a, role=Position.Role.CLERK, ended_on__isnull=True)
    member_services.position_end(position=clerk_position, ended_on=timezone.localdate())
    new_clerk = PositionFactory(council=council_a, role=Position.Role.CLERK).user
    with time_machine.travel(_week(1), tick=False):
        survey_notices_queue(survey_id=round_open.pk)
    assert _reminders_to(new_clerk.email) == 1
    assert _reminders_to(people["clerk_a"].email) == 0
    assert Response.objects.count() == 0


def test_opening_a_survey_queues_its_invitations_after_commit(people, django_capture_on_commit_callbacks):
    survey = build_survey(status=Survey.Status.DRAFT)
    from surveys.services import surveys as survey_services

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        survey.status = Survey.Status.OPEN
        survey_services.survey_save(survey=survey)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        survey_services.survey_save(survey=survey)  # already open: nothing more
    assert callbacks == []
