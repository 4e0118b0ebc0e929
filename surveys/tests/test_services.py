"""The response services against the real database: one response per council, conditions,
conflicts, submit rules, and refusals that change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from surveys.models import Answer, Response, SectionEdit, Survey
from surveys.services import responses as services
from surveys.services import surveys as survey_services
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db


def _sections(survey):
    first, second = survey.sections.all()
    return first, second


def save(survey, council, section, answers, user, version=None):
    if version is None:
        response = Response.objects.filter(survey=survey, council=council).first()
        version = response.version if response else 0
    return services.response_section_save(
        survey_id=survey.pk,
        council_id=council.pk,
        section_id=section.pk,
        answers=answers,
        started_version=version,
        user=user,
    )


def answers_of(survey, council):
    return dict(
        Answer.objects.filter(response__survey=survey, response__council=council).values_list(
            "question_key", "value"
        )
    )


def test_one_response_per_council_is_a_database_constraint(survey, council_a):
    Response.objects.create(survey=survey, council=council_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, council=council_a)


def test_question_keys_are_unique_per_survey(survey):
    section = survey.sections.first()
    with pytest.raises(ValidationError, match="Another question of this survey has this key"):
        survey_services.question_save(
            question=type(section.questions.first())(
                survey=survey, section=section, key="used-legal", kind="short_text", text="Again"
            )
        )


def test_a_section_saves_its_answers_and_records_who_edited_it(survey, council_a, people):
    services_section, _ = _sections(survey)
    result = save(
        survey,
        council_a,
        services_section,
        {
            "used-legal": "yes",
            "legal-rating": "4",
            "councillors": "11",
            "services-used": ["hr", "training"],
            "contact": "phone",
            "value": {"fees": "2", "events": "5"},
        },
        people["chair_a"],
    )
    assert result.ok and result.changed
    assert answers_of(survey, council_a) == {
        "used-legal": "yes",
        "legal-rating": 4,
        "councillors": 11,
        "services-used": ["training", "hr"],
        "contact": "phone",
        "value": {"fees": 2, "events": 5},
    }
    edit = SectionEdit.objects.get()
    assert (edit.section, edit.edited_by) == (services_section, people["chair_a"])
    assert Response.objects.get().version == 1


def test_valid_answers_save_even_when_others_in_the_section_are_invalid(survey, council_a, people):
    services_section, _ = _sections(survey)
    result = save(
        survey,
        council_a,
        services_section,
        {"used-legal": "no", "councillors": "31", "contact": "fax", "services-used": ["legal", "catering"]},
        people["clerk_a"],
    )
    assert result.errors == {
        "councillors": "Enter a whole number from 0 to 30.",
        "contact": "Choose one of the options offered.",
        "services-used": "Choose only options that are offered.",
    }
    assert answers_of(survey, council_a) == {"used-legal": "no"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-1", "from 0 to 30"),
        ("2.5", "whole number"),
        ("many", "Enter a number"),
        ("Infinity", "whole number"),
    ],
)
def test_numbers_out_of_range_or_not_numbers_are_refused(survey, council_a, people, raw, message):
    services_section, _ = _sections(survey)
    result = save(survey, council_a, services_section, {"councillors": raw}, people["clerk_a"])
    assert message in result.errors["councillors"]
    assert answers_of(survey, council_a) == {}


def test_a_forged_question_key_saves_nothing(survey, council_a, people):
    services_section, _ = _sections(survey)
    with pytest.raises(ValidationError, match="not in this section \\(comments\\)"):
        save(
            survey,
            council_a,
            services_section,
            {"used-legal": "yes", "comments": "From another section"},
            people["clerk_a"],
        )
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_likert_statement_not_shown_is_refused(survey, council_a, people):
    services_section, _ = _sections(survey)
    result = save(
        survey, council_a, services_section, {"value": {"fees": "3", "forged": "1"}}, people["clerk_a"]
    )
    assert result.errors == {"value": "Rate only the statements shown."}
    result = save(survey, council_a, services_section, {"value": {"fees": "6"}}, people["clerk_a"])
    assert result.errors == {"value": "Choose a point on the scale for each statement."}
    assert answers_of(survey, council_a) == {}


def test_a_second_save_from_an_older_version_is_refused_with_both_versions(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(
        survey,
        council_a,
        services_section,
        {"used-legal": "yes", "councillors": "9"},
        people["clerk_a"],
        version=0,
    )
    # The chair opened the form at version 0 too and now saves a different number.
    result = save(
        survey,
        council_a,
        services_section,
        {"used-legal": "yes", "councillors": "12"},
        people["chair_a"],
        version=0,
    )
    assert not result.ok
    assert result.conflicts == {"councillors": (9, "12")}
    assert answers_of(survey, council_a) == {"used-legal": "yes", "councillors": 9}
    assert Response.objects.get().version == 1
    assert SectionEdit.objects.get().edited_by == people["clerk_a"]
    # Seen both, the chair saves again from the version shown: now it is theirs.
    assert save(
        survey,
        council_a,
        services_section,
        {"used-legal": "yes", "councillors": "12"},
        people["chair_a"],
        version=1,
    ).ok
    assert answers_of(survey, council_a)["councillors"] == 12


def test_an_older_version_that_agrees_with_the_draft_saves(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(survey, council_a, services_section, {"used-legal": "yes"}, people["clerk_a"], version=0)
    assert save(survey, council_a, services_section, {"used-legal": "yes"}, people["chair_a"], version=0).ok


def test_submit_needs_every_required_visible_answer(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(survey, council_a, services_section, {"used-legal": "yes"}, people["clerk_a"])
    with pytest.raises(ValidationError) as caught:
        services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    assert set(caught.value.message_dict) == {"legal-rating", "councillors"}
    assert Response.objects.get().status == Response.Status.DRAFT


def test_a_hidden_required_question_is_not_required_and_its_answer_is_dropped(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(
        survey,
        council_a,
        services_section,
        {"used-legal": "yes", "legal-rating": "2", "councillors": "5"},
        people["clerk_a"],
    )
    save(
        survey,
        council_a,
        services_section,
        {"used-legal": "no", "legal-rating": "2", "councillors": "5"},
        people["clerk_a"],
    )
    response = services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    assert response.status == Response.Status.SUBMITTED and response.submitted_by == people["clerk_a"]
    assert answers_of(survey, council_a) == {"used-legal": "no", "councillors": 5}


def test_a_submitted_response_is_read_only(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(survey, council_a, services_section, {"used-legal": "no", "councillors": "5"}, people["clerk_a"])
    services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    with pytest.raises(ValidationError, match="submitted and is read-only"):
        save(
            survey, council_a, services_section, {"used-legal": "yes", "councillors": "6"}, people["clerk_a"]
        )
    with pytest.raises(ValidationError, match="submitted and is read-only"):
        services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    assert answers_of(survey, council_a) == {"used-legal": "no", "councillors": 5}


def test_a_closed_survey_takes_no_answers(council_a, people):
    survey = build_survey(status=Survey.Status.CLOSED)
    services_section, _ = _sections(survey)
    with pytest.raises(ValidationError, match="This survey has closed"):
        save(survey, council_a, services_section, {"used-legal": "no"}, people["clerk_a"])
    assert not Response.objects.exists()


def test_copying_a_round_keeps_the_keys_choices_statements_and_conditions(survey):
    import datetime

    copy = survey_services.survey_copy_round(
        survey_id=survey.pk,
        round=2028,
        opens_on=datetime.date(2028, 3, 1),
        closes_on=datetime.date(2028, 4, 30),
    )
    assert copy.status == Survey.Status.DRAFT and copy.round == 2028

    def shape(s):
        return [
            (
                q.section.title,
                q.key,
                q.kind,
                q.condition_key,
                q.condition_value,
                [c.value for c in q.choices.all()],
                [st.key for st in q.statements.all()],
            )
            for q in services.survey_questions(s)
        ]

    assert shape(copy) == shape(survey)
    assert {q.survey_id for q in copy.questions.all()} == {copy.pk}


def test_an_answered_question_keeps_its_key(survey, council_a, people):
    services_section, _ = _sections(survey)
    save(survey, council_a, services_section, {"used-legal": "no"}, people["clerk_a"])
    q = survey.questions.get(key="used-legal")
    q.key = "legal-used"
    with pytest.raises(ValidationError, match="its key and type cannot change"):
        survey_services.question_save(question=q)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        survey_services.question_delete(question=survey.questions.get(key="used-legal"))
    assert survey.questions.filter(key="used-legal").exists()
