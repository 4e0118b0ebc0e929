"""provision_surveys adds the 2024 round (closed, answered by most member councils) and
the open 2026 round with the same question keys, once; each response is one the
services would accept."""

import pytest
from django.core.management import call_command

from members.models import Council, Position
from members.tests.factories import CouncilFactory, PositionFactory, staff_user
from surveys import logic
from surveys.models import Answer, Question, Response, SectionEdit, Survey

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Survey.objects.count(),
        Question.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        SectionEdit.objects.count(),
    )


def test_the_demo_rounds_are_added_once_with_responses_the_services_would_make():
    councils = [CouncilFactory() for _ in range(30)]
    CouncilFactory(membership_status=Council.MembershipStatus.NON_MEMBER)
    clerk = PositionFactory(council=councils[0], role=Position.Role.CLERK).user
    office = staff_user(full_name="Olivia Office")

    call_command("provision_surveys", "--demo-content", stdout=None)
    first = _counts()
    call_command("provision_surveys", "--demo-content", stdout=None)
    assert _counts() == first

    old, new = Survey.objects.get(round=2024), Survey.objects.get(round=2026)
    assert (old.status, new.status) == (Survey.Status.CLOSED, Survey.Status.OPEN)
    assert sorted(old.questions.values_list("key", flat=True)) == sorted(
        new.questions.values_list("key", flat=True)
    )
    responses = list(Response.objects.filter(survey=old).prefetch_related("answers"))
    assert 18 <= len(responses) < 30  # most member councils, not all, no non-member
    assert not Response.objects.filter(survey=new).exists()
    assert {r.council.membership_status for r in responses} == {Council.MembershipStatus.MEMBER}
    questions = list(Question.objects.filter(survey=old).prefetch_related("choices", "statements"))
    for response in responses:
        assert response.is_submitted and response.submitted_by in (clerk, office)
        values = {a.question_key: a.value for a in response.answers.all()}
        for question in questions:
            shown = logic.is_visible(question, values)
            if not shown:
                assert question.key not in values
            elif question.required:
                assert logic.clean_value(question, values[question.key]) == values[question.key]
        assert response.section_edits.count() == old.sections.count()


def test_nothing_is_added_with_debug_off_unless_asked(settings):
    settings.DEBUG = False
    call_command("provision_surveys", stdout=None)
    assert not Survey.objects.exists()
