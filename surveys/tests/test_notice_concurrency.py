"""Two runs of the reminder job at the same moment (each in its own thread and database
connection) queue each council's invitation once: the survey's row lock makes the second
wait and then find the notices the first made, so neither errors nor sends twice."""

import threading

import pytest
from django.db import connection

from kalc_portal.outbox.models import OutgoingMail
from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory
from surveys.models import SurveyNotice
from surveys.services.notices import survey_notices_queue
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 4


def test_runs_at_once_invite_each_clerk_once():
    for _ in range(5):
        PositionFactory(council=CouncilFactory(), role=Position.Role.CLERK)
    survey = build_survey()
    start = threading.Barrier(RUNS)
    outcomes: list = []

    def run():
        try:
            start.wait()
            outcomes.append(survey_notices_queue(survey_id=survey.pk))
        except Exception as error:  # noqa: BLE001 - every outcome is counted below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.invitations for o in outcomes) == [0] * (RUNS - 1) + [5]
    assert SurveyNotice.objects.count() == 5
    assert OutgoingMail.objects.filter(purpose="surveys.invitation").count() == 5
