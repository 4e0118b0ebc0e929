"""Writing a council's response: save a section's answers as a draft, submit it.

A save keeps every valid answer even when others in the section are invalid (nothing
typed is lost: the invalid input goes back to the form with its message). The form
carries the response version it started from; if someone saved since and their answers
differ from the ones posted, nothing is saved and both versions go back to the form."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from members.models import Council
from surveys import logic, permissions
from surveys.models import Answer, Question, Response, Section, SectionEdit, Survey


@dataclass
class SaveResult:
    response: Response
    errors: dict[str, str] = field(default_factory=dict)
    # key -> (their saved value, the value posted) when the draft changed since the form opened.
    conflicts: dict[str, tuple] = field(default_factory=dict)
    changed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def survey_questions(survey: Survey):
    """Every question of the survey with its choices and statements (three queries)."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("choices", "statements")
        .order_by("section__order", "section__pk", "order", "pk")
    )


def _open_survey(survey_id: int) -> Survey:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or survey.status == Survey.Status.DRAFT:
        raise ValidationError("There is no such survey.", code="no_survey")
    if not survey.is_open:
        raise ValidationError("This survey has closed: answers can no longer be changed.", code="closed")
    return survey


def _locked_response(survey: Survey, council_id: int) -> Response:
    if not Council.objects.filter(pk=council_id).exists():
        raise ValidationError("There is no such council.", code="no_council")
    Response.objects.get_or_create(survey=survey, council_id=council_id)
    response = Response.objects.select_for_update().get(survey=survey, council_id=council_id)
    if response.is_submitted:
        raise ValidationError(
            "This response has been submitted and is read-only; ask the KALC office to reopen it.",
            code="submitted",
        )
    return response


@transaction.atomic
def response_section_save(
    *, survey_id: int, council_id: int, section_id: int, answers: dict, started_version: int, user
) -> SaveResult:
    """Save one section's answers (raw input by question key) to the council's draft."""
    survey = _open_survey(survey_id)
    section = Section.objects.filter(pk=section_id, survey=survey).first()
    if section is None:
        raise ValidationError(
            "That section is not part of this survey. Nothing was saved.", code="no_section"
        )
    questions = list(section.questions.prefetch_related(Prefetch("choices"), Prefetch("statements")))
    by_key = {q.key: q for q in questions}
    forged = sorted(set(answers) - set(by_key))
    if forged:
        raise ValidationError(
            "The form named questions that are not in this section (%(keys)s). Nothing was saved.",
            code="forged_key",
            params={"keys": ", ".join(forged)},
        )
    response = _locked_response(survey, council_id)
    stored = {a.question_key: a for a in response.answers.all()}

    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, question in by_key.items():
        try:
            cleaned[key] = logic.clean_value(question, answers.get(key))
        except ValueError as error:
            errors[key] = str(error)

    if started_version != response.version:
        conflicts = {
            key: (stored[key].value if key in stored else None, answers.get(key))
            for key in by_key
            if (stored[key].value if key in stored else None) != cleaned.get(key) or key in errors
        }
        if conflicts:
            return SaveResult(response=response, conflicts=conflicts)

    changed = False
    for key, value in cleaned.items():
        current = stored.get(key)
        if value is None:
            if current is not None:
                current.delete()
                changed = True
        elif current is None:
            Answer.objects.create(response=response, question_key=key, value=value)
            changed = True
        elif current.value != value:
            current.value = value
            current.save(update_fields=["value"])
            changed = True
    if changed:
        response.version += 1
        response.save(update_fields=["version", "updated_at"])
        SectionEdit.objects.update_or_create(
            response=response, section=section, defaults={"edited_by": user, "edited_at": timezone.now()}
        )
    return SaveResult(response=response, errors=errors, changed=changed)


@transaction.atomic
def response_submit(*, survey_id: int, council_id: int, user) -> Response:
    """Submit the council's response: every required question that is shown has a valid
    answer. Answers to hidden questions are dropped (neither required nor counted)."""
    survey = _open_survey(survey_id)
    if not Response.objects.filter(survey=survey, council_id=council_id).exists():
        # Refused before a draft row is made, so a refused submit writes nothing.
        raise ValidationError("Nothing has been answered yet: save a section first.", code="empty")
    response = _locked_response(survey, council_id)
    stored = {a.question_key: a for a in response.answers.all()}
    values = {key: answer.value for key, answer in stored.items()}
    errors: dict[str, str] = {}
    for question in survey_questions(survey):
        key = question.key
        if not logic.is_visible(question, values):
            if key in stored:
                stored.pop(key).delete()
            continue
        if key not in stored:
            if question.required:
                errors[key] = f"Answer “{question.text}” (section {question.section.title})."
            continue
        try:
            logic.clean_value(question, stored[key].value)
        except ValueError as error:
            errors[key] = f"“{question.text}”: {error}"
    if errors:
        raise ValidationError(errors)
    response.status = Response.Status.SUBMITTED
    response.submitted_by = user
    response.submitted_at = timezone.now()
    response.version += 1
    response.save()
    return response


@transaction.atomic
def response_reopen(*, survey_id: int, council_id: int, user) -> Response:
    """The office reopens a submitted response (who and when are recorded) so the
    council's officers can change it and the clerk's office submit it again."""
    survey = _open_survey(survey_id)
    response = Response.objects.select_for_update().filter(survey=survey, council_id=council_id).first()
    if response is None or not response.is_submitted:
        raise ValidationError("Only a submitted response can be reopened.", code="not_submitted")
    if not permissions.can_reopen_response(user, survey, response):
        raise ValidationError("Only the KALC office reopens a submitted response.", code="not_allowed")
    response.status = Response.Status.DRAFT
    response.reopened_by = user
    response.reopened_at = timezone.now()
    response.version += 1
    response.save(update_fields=["status", "reopened_by", "reopened_at", "version", "updated_at"])
    return response
