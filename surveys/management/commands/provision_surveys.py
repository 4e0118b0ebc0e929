"""Demo member surveys, run by `make run` (through provision_demo) every time.

Added only when DEBUG is on (or with --demo-content). The 2024 round is built through the
survey services, then closed, with submitted responses from about four in five member
councils; the 2026 round is its copy (survey_copy_round: the same question keys), open.
The 2024 responses are bulk-inserted for speed, but each is what the services would have
made: values cleaned by logic.clean_value, no answer to a hidden question, a section
edit per section saved, submitted by the council's clerk (or, where the demo has none,
the office, as if keyed in from the paper return). A round that exists is left alone and
a council that has a response gets no other, so running this twice adds nothing."""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from members import permissions as member_permissions
from members.models import Council, Position, User
from surveys import logic
from surveys.models import Answer, Choice, Question, Response, Section, SectionEdit, Statement, Survey
from surveys.services import surveys as services

Kind = Question.Kind
TITLE = "KALC member survey"
FIRST_ROUND, NEXT_ROUND = 2024, 2026
SHARE_RESPONDING = 0.8

# section title, [(key, kind, text, options)]; options: choices / statements / extras
QUESTIONS = [
    ("About your council", [
        ("councillors", Kind.NUMBER, "How many councillors does the council have?",
         {"required": True, "min_value": 1, "max_value": 40}),
        ("clerk-hours", Kind.NUMBER, "How many hours a week is the clerk contracted for?",
         {"min_value": 0, "max_value": 80}),
        ("precept-band", Kind.SINGLE, "What is the council's annual precept?",
         {"required": True, "choices": [("under-10k", "Under £10,000"), ("10k-50k", "£10,000 to £50,000"),
                                        ("50k-200k", "£50,000 to £200,000"),
                                        ("over-200k", "Over £200,000")]}),
    ]),
    ("KALC's services", [
        ("used-legal", Kind.YES_NO, "Did the council use KALC's legal advice this year?", {"required": True}),
        ("legal-rating", Kind.RATING, "How useful was the legal advice?",
         {"required": True, "low_label": "Not useful", "high_label": "Very useful",
          "condition_key": "used-legal", "condition_value": "yes"}),
        ("services-used", Kind.MULTIPLE, "Which other services did the council use?",
         {"choices": [("training", "Training"), ("hr", "HR advice"), ("finance", "Finance and audit"),
                      ("planning", "Planning support"), ("knowledge-bank", "The knowledge bank")]}),
        ("value", Kind.LIKERT, "How far do you agree?",
         {"statements": [("fees", "The subscription is good value"), ("advice", "Advice comes quickly"),
                         ("voice", "KALC represents us well to government")]}),
    ]),
    ("Looking ahead", [
        ("priorities", Kind.MULTIPLE, "What should KALC focus on next?",
         {"choices": [("climate", "Climate and nature"), ("planning", "Planning reform"),
                      ("finance", "Council finances"), ("wellbeing", "Clerk and councillor wellbeing"),
                      ("digital", "Websites and digital skills")]}),
        ("comments", Kind.LONG_TEXT, "Anything else you would like to tell us?", {}),
    ]),
]  # fmt: skip

COMMENTS = [
    "The clerks' networking sessions are the most useful thing KALC does for us.",
    "Legal advice was quick and clear; thank you.",
    "More evening training please: most of our councillors work during the day.",
    "We would like help with our website's accessibility statement.",
    "",
    "",
]


def _build_first_round() -> Survey:
    survey = services.survey_save(
        survey=Survey(
            round=FIRST_ROUND,
            title=TITLE,
            opens_on=datetime.date(FIRST_ROUND, 3, 1),
            closes_on=datetime.date(FIRST_ROUND, 5, 31),
            intro="Every two years we ask each member council how KALC serves it. "
            "It takes about ten minutes.",
            status=Survey.Status.DRAFT,
        )
    )
    for order, (title, questions) in enumerate(QUESTIONS, start=1):
        section = services.section_save(section=Section(survey=survey, order=order, title=title))
        for q_order, (key, kind, text, options) in enumerate(questions):
            options = dict(options)
            choices, statements = options.pop("choices", ()), options.pop("statements", ())
            question = services.question_save(
                question=Question(
                    survey=survey, section=section, order=q_order, key=key, kind=kind, text=text, **options
                )
            )
            Choice.objects.bulk_create(
                Choice(question=question, order=n, value=value, label=label)
                for n, (value, label) in enumerate(choices)
            )
            Statement.objects.bulk_create(
                Statement(question=question, order=n, key=skey, text=stext)
                for n, (skey, stext) in enumerate(statements)
            )
    return survey


def _raw_answers(rng: random.Random) -> dict:
    used_legal = rng.random() < 0.55
    answers = {
        "councillors": str(rng.randint(5, 22)),
        "clerk-hours": str(rng.choice([6, 8, 10, 12, 16, 20, 25, 37])),
        "precept-band": rng.choices(["under-10k", "10k-50k", "50k-200k", "over-200k"], [3, 5, 3, 1])[0],
        "used-legal": "yes" if used_legal else "no",
        "services-used": rng.sample(
            ["training", "hr", "finance", "planning", "knowledge-bank"], rng.randint(1, 4)
        ),
        "value": {
            key: str(rng.choices([2, 3, 4, 5], [1, 2, 5, 3])[0]) for key in ("fees", "advice", "voice")
        },
        "priorities": rng.sample(["climate", "planning", "finance", "wellbeing", "digital"], 2),
        "comments": rng.choice(COMMENTS),
    }
    if used_legal:
        answers["legal-rating"] = str(rng.choices([3, 4, 5], [1, 3, 4])[0])
    return answers


def _add_responses(survey: Survey) -> int:
    questions = list(Question.objects.filter(survey=survey).prefetch_related("choices", "statements"))
    sections = list(survey.sections.all())
    office = User.objects.filter(member_permissions.office_staff_filter()).order_by("pk").first()
    clerks = dict(
        Position.objects.current().filter(role=Position.Role.CLERK).values_list("council_id", "user_id")
    )
    answered = set(Response.objects.filter(survey=survey).values_list("council_id", flat=True))
    members = Council.objects.filter(membership_status=Council.MembershipStatus.MEMBER).order_by("pk")
    plans = []
    for council in members:
        rng = random.Random(f"{survey.round}:{council.slug}")  # the same council answers the same way
        if council.pk in answered or rng.random() >= SHARE_RESPONDING:
            continue
        submitter = clerks.get(council.pk) or (office.pk if office else None)
        if submitter is None:
            continue
        raw = _raw_answers(rng)
        values = {}
        for question in questions:
            value = logic.clean_value(question, raw.get(question.key))
            if value is not None:
                values[question.key] = value
        values = {
            k: v
            for k, v in values.items()
            if logic.is_visible(next(q for q in questions if q.key == k), values)
        }
        when = timezone.make_aware(
            datetime.datetime.combine(
                survey.opens_on + datetime.timedelta(days=rng.randint(3, 80)), datetime.time(10)
            )
        )
        plans.append((council, submitter, values, when))
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            council=council,
            status=Response.Status.SUBMITTED,
            version=len(sections) + 1,  # a save per section, then the submit
            submitted_by_id=submitter,
            submitted_at=when,
        )
        for council, submitter, _values, when in plans
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_key=key, value=value)
        for response, (_c, _s, values, _w) in zip(responses, plans, strict=True)
        for key, value in values.items()
    )
    SectionEdit.objects.bulk_create(
        SectionEdit(response=response, section=section, edited_by_id=submitter, edited_at=when)
        for response, (_c, submitter, _v, when) in zip(responses, plans, strict=True)
        for section in sections
    )
    return len(responses)


class Command(BaseCommand):
    help = "Add the demo member surveys (DEBUG or --demo-content): 2024 closed with responses, 2026 open."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-content", action="store_true", help="Add the demo surveys even with DEBUG off."
        )

    @transaction.atomic
    def handle(self, *args, demo_content=False, **options):
        if not (settings.DEBUG or demo_content):
            return
        first = Survey.objects.filter(round=FIRST_ROUND, title=TITLE).first()
        if first is None:
            first = _build_first_round()
            first.status = Survey.Status.CLOSED
            services.survey_save(survey=first)
        # Councils that have a response are skipped and the rest decide by a seed of their
        # own, so a second run adds nothing (and one after the demo logins exist, only theirs).
        added = _add_responses(first)
        opened = False
        if not Survey.objects.filter(round=NEXT_ROUND, title=TITLE).exists():
            today = timezone.localdate()
            copy = services.survey_copy_round(
                survey_id=first.pk,
                round=NEXT_ROUND,
                opens_on=today - datetime.timedelta(days=14),
                closes_on=today + datetime.timedelta(days=45),
            )
            copy.status = Survey.Status.OPEN
            services.survey_save(survey=copy)
            opened = True
        self.stdout.write(
            f"Surveys: {added} demo response(s) to {FIRST_ROUND}"
            + (f"; the {NEXT_ROUND} round opened." if opened else ".")
        )
