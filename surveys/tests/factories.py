"""Survey test data: a survey with every question type, built through the services."""

import datetime

from django.utils import timezone

from surveys.models import Choice, Question, Section, Statement, Survey
from surveys.services import surveys as services

Kind = Question.Kind


def question(section: Section, key: str, kind: str, text: str = "", **kwargs) -> Question:
    choices = kwargs.pop("choices", ())
    statements = kwargs.pop("statements", ())
    q = services.question_save(
        question=Question(
            survey=section.survey,
            section=section,
            key=key,
            kind=kind,
            text=text or key.replace("-", " ").capitalize(),
            order=kwargs.pop("order", section.questions.count()),
            **kwargs,
        )
    )
    for order, value in enumerate(choices):
        Choice.objects.create(
            question=q, order=order, value=value, label=value.replace("-", " ").capitalize()
        )
    for order, key_ in enumerate(statements):
        Statement.objects.create(question=q, order=order, key=key_, text=f"Statement {key_}")
    return q


def build_survey(*, status=Survey.Status.OPEN, round=2026, extra_questions: int = 0) -> Survey:
    """Two sections. Services: used-legal (yes/no, required), legal-rating (rating,
    required, shown only when used-legal is yes), councillors (number 0-30, required),
    services-used (multiple), contact (single), value (Likert). Views: comments (long
    text), name (short text)."""
    today = timezone.localdate()
    survey = services.survey_save(
        survey=Survey(
            round=round,
            title="Member survey",
            opens_on=today - datetime.timedelta(days=7),
            closes_on=today + datetime.timedelta(days=30),
            intro="Tell us how KALC serves your council.",
            status=status,
        )
    )
    services_section = services.section_save(section=Section(survey=survey, order=1, title="Our services"))
    views = services.section_save(section=Section(survey=survey, order=2, title="Your views"))
    question(services_section, "used-legal", Kind.YES_NO, "Did you use our legal advice?", required=True)
    question(
        services_section,
        "legal-rating",
        Kind.RATING,
        "How good was the legal advice?",
        required=True,
        low_label="poor",
        high_label="excellent",
        condition_key="used-legal",
        condition_value="yes",
    )
    question(
        services_section,
        "councillors",
        Kind.NUMBER,
        "How many councillors?",
        required=True,
        min_value=0,
        max_value=30,
    )
    question(
        services_section,
        "services-used",
        Kind.MULTIPLE,
        "Which services?",
        choices=["training", "legal", "hr"],
    )
    question(services_section, "contact", Kind.SINGLE, "How do you contact us?", choices=["email", "phone"])
    question(services_section, "value", Kind.LIKERT, "Value for money", statements=["fees", "events"])
    question(views, "comments", Kind.LONG_TEXT, "Any comments?")
    question(views, "name", Kind.SHORT_TEXT, "Your name", help_text="So we can thank you.")
    for n in range(extra_questions):
        question(views, f"extra-{n}", Kind.SINGLE, f"Extra {n}", choices=["a", "b", "c"])
    return survey
