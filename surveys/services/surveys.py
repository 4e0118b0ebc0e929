"""Building surveys (the admin calls these) and copying a round."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from surveys.models import Answer, Choice, Question, Section, Statement, Survey


@transaction.atomic
def survey_save(*, survey: Survey) -> Survey:
    """Save a survey; on opening, its invitations are queued after commit (the hourly
    beat job would reach them too: this only makes them prompt)."""
    was_open = bool(survey.pk) and Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).exists()
    survey.full_clean()
    survey.save()
    if survey.is_open and not was_open:
        from surveys.tasks import survey_notices_queue_task

        transaction.on_commit(lambda: survey_notices_queue_task.delay(survey.pk))
    return survey


@transaction.atomic
def section_save(*, section: Section) -> Section:
    section.full_clean()
    section.save()
    return section


def _has_answers(question: Question) -> bool:
    return Answer.objects.filter(response__survey_id=question.survey_id, question_key=question.key).exists()


def question_change_refusal(question: Question) -> str:
    """Why this change to a saved question is refused ("" when it is not): once councils
    have answered it, a new key or type would orphan their answers."""
    if not question.pk:
        return ""
    before = Question.objects.get(pk=question.pk)
    if (before.key, before.kind) != (question.key, question.kind) and _has_answers(before):
        return (
            "Councils have answered this question: its key and type cannot change. "
            "Add a new question instead."
        )
    return ""


@transaction.atomic
def question_save(*, question: Question) -> Question:
    """Save a question; once it has answers its key and type stay (they would orphan them)."""
    refusal = question_change_refusal(question)
    if refusal:
        raise ValidationError(refusal, code="orphans_answers")
    if question.section_id and not question.survey_id:
        question.survey_id = question.section.survey_id
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if _has_answers(question):
        raise ValidationError("Councils have answered this question: it cannot be deleted.")
    question.delete()


@transaction.atomic
def survey_copy_round(
    *, survey_id: int, round: int, opens_on: datetime.date, closes_on: datetime.date, title: str = ""
) -> Survey:
    """The next round as a draft: the same sections, questions (same keys), choices,
    statements and conditions, with new dates."""
    source = Survey.objects.get(pk=survey_id)
    copy = Survey(
        round=round,
        title=title or source.title,
        opens_on=opens_on,
        closes_on=closes_on,
        intro=source.intro,
        status=Survey.Status.DRAFT,
    )
    survey_save(survey=copy)
    for section in source.sections.prefetch_related("questions__choices", "questions__statements"):
        new_section = Section.objects.create(
            survey=copy, order=section.order, title=section.title, intro=section.intro
        )
        for question in section.questions.all():
            choices, statements = list(question.choices.all()), list(question.statements.all())
            question.pk = None
            question._state.adding = True
            question.survey, question.section = copy, new_section
            question.save()
            Choice.objects.bulk_create(
                Choice(question=question, order=c.order, value=c.value, label=c.label) for c in choices
            )
            Statement.objects.bulk_create(
                Statement(question=question, order=s.order, key=s.key, text=s.text) for s in statements
            )
    return copy
