"""The response page and the surveys list run a fixed number of queries whatever the
number of questions, answers and responses: measured small and at 10x."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Council
from members.tests.factories import CouncilFactory, bulk_councils
from surveys.models import Answer, Response
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db

SIGNED_IN = 3  # the session's user, their groups, their current positions
# + survey, council, response, sections, answers, section edits, questions, choices,
# statements (the edit check reads the positions already held).
RESPONSE_PAGE = SIGNED_IN + 9


def _filled(extra_questions: int, other_responses: int, people):
    survey = build_survey(extra_questions=extra_questions)
    ash = Response.objects.create(survey=survey, council=people["clerk_a"].positions.first().council)
    Answer.objects.bulk_create(
        Answer(response=ash, question_key=q.key, value="a")
        for q in survey.questions.filter(key__startswith="extra")
    )
    # Every other council's response, answered in full, made in bulk (3,000 x 40 answers).
    bulk_councils(other_responses, prefix="Other")
    other_councils = Council.objects.filter(slug__startswith="other-")
    others = Response.objects.bulk_create(
        Response(survey=survey, council=council) for council in other_councils
    )
    keys = list(survey.questions.values_list("key", flat=True))
    Answer.objects.bulk_create(
        (Answer(response=response, question_key=key, value="b") for response in others for key in keys),
        batch_size=5000,
    )
    return survey


@pytest.mark.parametrize(("questions", "responses"), [(4, 3), (40, 300), (40, 3000)])
def test_the_response_page_budget_is_flat(client, people, questions, responses):
    survey = _filled(questions, responses, people)
    client.force_login(people["clerk_a"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/surveys/{survey.pk}/council/ash/")
    assert page.status_code == 200
    assert page.content.decode().count('type="radio" name="q-extra-') == questions * 3
    assert len(queries) <= RESPONSE_PAGE, [q["sql"] for q in queries]


@pytest.mark.parametrize("surveys", [1, 10])
def test_the_survey_list_budget_is_flat(client, people, surveys):
    for n in range(surveys):
        build_survey(round=2000 + n)
    client.force_login(people["clerk_a"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/surveys/")
    assert page.content.decode().count("/council/ash/") == surveys
    assert len(queries) <= SIGNED_IN + 4, [q["sql"] for q in queries]  # + published summaries


# The staff page (and its CSV): the signed-in user and their groups, then the survey,
# member councils without a submitted response, their clerks, drafts, notices sent.
# Measured at 6 with 3 councils and with 30.
NON_RESPONDERS = 6


@pytest.mark.parametrize("councils", [3, 30])
@pytest.mark.parametrize("suffix", ["/", ".csv"])
def test_the_non_responder_list_budget_is_flat(
    client, people, councils, suffix, django_assert_max_num_queries
):
    from members.models import Position
    from members.tests.factories import PositionFactory, sign_in
    from surveys.services.notices import survey_notices_queue

    survey = build_survey()
    for n in range(councils):
        council = CouncilFactory()
        if n % 3:
            PositionFactory(council=council, role=Position.Role.CLERK)
        if n % 2:
            Response.objects.create(survey=survey, council=council)
    survey_notices_queue(survey_id=survey.pk)
    sign_in(client, people["staff"])
    with django_assert_max_num_queries(NON_RESPONDERS):
        page = client.get(f"/surveys/{survey.pk}/non-responders{suffix}")
    assert page.status_code == 200
    assert page.content.decode().count("Parish Council") >= councils
