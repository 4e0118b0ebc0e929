"""Reads for the survey pages: the survey laid out for one council's response, and the
surveys waiting for a person's councils. A fixed number of queries however many
questions, sections or responses there are."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch

from members.models import Council, Position
from surveys import logic
from surveys.models import (
    LIKERT_LABELS,
    SCALE,
    Question,
    Response,
    Section,
    SectionEdit,
    Survey,
    SurveyNotice,
)
from surveys.services.responses import survey_questions


@dataclass
class QuestionView:
    question: Question
    name: str
    value: object = None
    error: str = ""
    conflict: tuple | None = None
    visible: bool = True
    options: list = field(default_factory=list)  # (value, label, checked)
    rows: list = field(default_factory=list)  # (statement, field name, [(n, label, checked)])

    @property
    def text_value(self) -> str:
        return "" if self.value is None or isinstance(self.value, (list, dict)) else str(self.value)


@dataclass
class SectionView:
    section: Section
    questions: list[QuestionView]
    edit: SectionEdit | None = None


def _options(question: Question, value) -> list:
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        return [(c.value, c.label, c.value == value) for c in question.choices.all()]
    if kind == Question.Kind.MULTIPLE:
        chosen = value if isinstance(value, list) else []
        return [(c.value, c.label, c.value in chosen) for c in question.choices.all()]
    if kind == Question.Kind.YES_NO:
        return [(v, v.capitalize(), v == value) for v in ("yes", "no")]
    if kind == Question.Kind.RATING:
        return [(str(n), str(n), str(n) == str(value)) for n in SCALE]
    return []


def _rows(question: Question, value) -> list:
    if question.kind != Question.Kind.LIKERT:
        return []
    given = value if isinstance(value, dict) else {}
    return [
        (
            s,
            logic.field_name(question, s.key),
            [
                (n, label, str(given.get(s.key, "")) == str(n))
                for n, label in zip(SCALE, LIKERT_LABELS, strict=True)
            ],
        )
        for s in question.statements.all()
    ]


def response_layout(
    survey: Survey,
    response: Response | None,
    *,
    posted_section: int | None = None,
    posted: dict | None = None,
    errors: dict | None = None,
    conflicts: dict | None = None,
) -> list[SectionView]:
    """The survey's sections with each question's current value: the saved answer, or
    for the section just posted, what was typed (so an error loses nothing)."""
    saved = {a.question_key: a.value for a in response.answers.all()} if response else {}
    edits = {}
    if response:
        edits = {
            e.section_id: e for e in SectionEdit.objects.filter(response=response).select_related("edited_by")
        }
    sections = {
        s.pk: SectionView(section=s, questions=[], edit=edits.get(s.pk)) for s in survey.sections.all()
    }
    answers_now = {**saved, **{k: v for k, v in (posted or {}).items() if k not in (errors or {})}}
    for question in survey_questions(survey):
        in_posted = posted is not None and question.section_id == posted_section
        value = (posted or {}).get(question.key) if in_posted else saved.get(question.key)
        sections[question.section_id].questions.append(
            QuestionView(
                question=question,
                name=logic.field_name(question),
                value=value,
                error=(errors or {}).get(question.key, "") if in_posted else "",
                conflict=(conflicts or {}).get(question.key) if in_posted else None,
                visible=logic.is_visible(question, answers_now),
                options=_options(question, value),
                rows=_rows(question, value),
            )
        )
    return list(sections.values())


@dataclass
class WaitingLine:
    survey: Survey
    council: Council
    response: Response | None


def surveys_waiting(council_ids) -> list[WaitingLine]:
    """One line per open survey per council (three queries)."""
    if not council_ids:
        return []
    surveys = list(Survey.objects.filter(status=Survey.Status.OPEN).order_by("closes_on", "title"))
    if not surveys:
        return []
    councils = list(Council.objects.filter(pk__in=council_ids).order_by("name", "district"))
    responses = {
        (r.survey_id, r.council_id): r
        for r in Response.objects.filter(survey__in=surveys, council_id__in=council_ids)
    }
    return [
        WaitingLine(survey=s, council=c, response=responses.get((s.pk, c.pk)))
        for s in surveys
        for c in councils
    ]


@dataclass
class NonResponder:
    council: Council
    clerk: object  # the current clerk's User, or None: no one receives the invitation
    response: Response | None  # a draft, or None when nothing is saved yet
    notices_sent: int
    last_notice_at: object


def non_responders(survey: Survey) -> list[NonResponder]:
    """Member councils without a submitted response, by area committee, district and
    name, each with its clerk (or none), draft and notices sent (four queries)."""
    clerks = Prefetch(
        "positions",
        queryset=Position.objects.current().filter(role=Position.Role.CLERK).select_related("user"),
        to_attr="current_clerks",
    )
    councils = list(
        Council.objects.filter(membership_status=Council.MembershipStatus.MEMBER)
        .exclude(survey_responses__survey=survey, survey_responses__status=Response.Status.SUBMITTED)
        .select_related("area_committee")
        .prefetch_related(clerks)
        .order_by("area_committee__name", "district", "name")
    )
    drafts = {r.council_id: r for r in Response.objects.filter(survey=survey, status=Response.Status.DRAFT)}
    notices = {
        row["council_id"]: row
        for row in SurveyNotice.objects.filter(survey=survey)
        .values("council_id")
        .annotate(sent=Count("pk"), last_at=Max("queued_at"))
    }
    return [
        NonResponder(
            council=c,
            clerk=c.current_clerks[0].user if c.current_clerks else None,
            response=drafts.get(c.pk),
            notices_sent=notices.get(c.pk, {}).get("sent", 0),
            last_notice_at=notices.get(c.pk, {}).get("last_at"),
        )
        for c in councils
    ]


def council_survey_lines(council: Council) -> list[WaitingLine]:
    """This council's line for each open survey and the latest closed one (three queries)."""
    open_surveys = list(Survey.objects.filter(status=Survey.Status.OPEN).order_by("closes_on", "title"))
    latest_closed = (
        Survey.objects.filter(status=Survey.Status.CLOSED).order_by("-round", "-closes_on").first()
    )
    surveys = open_surveys + ([latest_closed] if latest_closed else [])
    responses = {
        r.survey_id: r
        for r in Response.objects.filter(survey__in=surveys, council=council).select_related("submitted_by")
    }
    return [WaitingLine(survey=s, council=council, response=responses.get(s.pk)) for s in surveys]
