"""Rounds with known answers for the results tests, written through the real services,
and a fast bulk seeder for the query budget and the export bench."""

import datetime

from django.utils import timezone

from members.models import Council
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, UserFactory
from surveys.models import Answer, Response, Survey
from surveys.services import responses as services
from surveys.tests.factories import build_survey

# council slug -> (area committee district, kind, answers by key). Nine submit; "d7"
# (a member) only drafts; "lapsed" is not a member and does not answer.
ROUND_2026 = {
    "d1": (
        "Dover",
        "town",
        {
            "used-legal": "yes",
            "legal-rating": "5",
            "councillors": "10",
            "services-used": ["training", "legal"],
            "contact": "email",
            "value": {"fees": "4", "events": "5"},
            "comments": "Great advice",
        },
    ),
    "d2": (
        "Dover",
        "town",
        {
            "used-legal": "yes",
            "legal-rating": "4",
            "councillors": "12",
            "services-used": ["legal"],
            "contact": "phone",
            "value": {"fees": "2"},
        },
    ),
    "d3": (
        "Dover",
        "parish",
        {"used-legal": "no", "councillors": "8", "services-used": ["training"], "contact": "email"},
    ),
    "d4": (
        "Dover",
        "parish",
        {"used-legal": "yes", "legal-rating": "3", "councillors": "9", "contact": "email"},
    ),
    "d5": (
        "Dover",
        "parish",
        {"used-legal": "no", "councillors": "7", "services-used": ["hr"], "contact": "phone"},
    ),
    "d6": (
        "Dover",
        "parish",
        {
            "used-legal": "yes",
            "legal-rating": "5",
            "councillors": "11",
            "contact": "email",
            "comments": '=HYPERLINK("http://evil.example","click")',
        },
    ),
    "t1": (
        "Thanet",
        "parish",
        {"used-legal": "yes", "legal-rating": "2", "councillors": "6", "contact": "email"},
    ),
    "t2": ("Thanet", "parish", {"used-legal": "no", "councillors": "5", "contact": "phone"}),
    "t3": ("Thanet", "parish", {"used-legal": "no", "councillors": "4"}),
}
DRAFT_ONLY = {"d7": ("Dover", "parish", {"used-legal": "yes", "legal-rating": "1", "councillors": "3"})}
# The earlier round: legal advice rated 3 and 4 (mean 3.5 of two answers).
ROUND_2024 = {
    "d1": {"used-legal": "yes", "legal-rating": "3", "councillors": "9", "contact": "phone"},
    "d2": {"used-legal": "yes", "legal-rating": "4", "councillors": "11", "contact": "phone"},
    "d3": {"used-legal": "no", "councillors": "8", "contact": "email"},
}


def council(slug: str, district: str, kind: str) -> Council:
    existing = Council.objects.filter(slug=slug).first()
    if existing:
        return existing
    return CouncilFactory(
        name=f"Council {slug.upper()}",
        slug=slug,
        kind=kind,
        area_committee=AreaCommitteeFactory(district=district),
    )


def answer(survey: Survey, target: Council, answers: dict, user, *, submit: bool = True) -> None:
    """Fill each section through the services as a council's officers would, then submit."""
    for section in survey.sections.all():
        keys = set(section.questions.values_list("key", flat=True))
        services.response_section_save(
            survey_id=survey.pk,
            council_id=target.pk,
            section_id=section.pk,
            answers={k: v for k, v in answers.items() if k in keys},
            started_version=Response.objects.filter(survey=survey, council=target)
            .values_list("version", flat=True)
            .first()
            or 0,
            user=user,
        )
    if submit:
        services.response_submit(survey_id=survey.pk, council_id=target.pk, user=user)


def seeded_round() -> Survey:
    """The 2026 round of ROUND_2026 (open), with a stale answer to a hidden question."""
    user = UserFactory(full_name="Clerk Seed")
    survey = build_survey(round=2026)
    for slug, (district, kind, answers) in ROUND_2026.items():
        answer(survey, council(slug, district, kind), answers, user)
    for slug, (district, kind, answers) in DRAFT_ONLY.items():
        answer(survey, council(slug, district, kind), answers, user, submit=False)
    CouncilFactory(
        slug="lapsed",
        name="Lapsed",
        membership_status=Council.MembershipStatus.LAPSED,
        area_committee=AreaCommitteeFactory(district="Thanet"),
    )
    # Written past the services (as old data or an admin edit might be): t3 said no to
    # legal advice, so its rating was never shown and must not count.
    Answer.objects.create(
        response=Response.objects.get(survey=survey, council__slug="t3"), question_key="legal-rating", value=1
    )
    return survey


def earlier_round() -> Survey:
    user = UserFactory(full_name="Clerk Earlier")
    survey = build_survey(round=2024)
    for slug, answers in ROUND_2024.items():
        district, kind, _ = ROUND_2026[slug]
        answer(survey, council(slug, district, kind), answers, user)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    return survey


def bulk_round(responses: int, *, extra_questions: int = 0, survey: Survey | None = None) -> Survey:
    """`responses` submitted responses answering every question (bulk_create, fast)."""
    survey = survey or build_survey(extra_questions=extra_questions)
    user = UserFactory()
    areas = [AreaCommitteeFactory(district=f"Bulk {n}") for n in range(4)]
    start = Council.objects.count()
    councils = Council.objects.bulk_create(
        Council(
            name=f"Bulk {start + n}",
            slug=f"bulk-{start + n}",
            kind="parish",
            area_committee=areas[n % 4],
            district=areas[n % 4].district,
        )
        for n in range(responses)
    )
    now = timezone.now() - datetime.timedelta(hours=1)
    rows = Response.objects.bulk_create(
        Response(
            survey=survey, council=c, status=Response.Status.SUBMITTED, submitted_by=user, submitted_at=now
        )
        for c in councils
    )
    extras = list(survey.questions.filter(key__startswith="extra-").values_list("key", flat=True))
    answers = []
    for n, response in enumerate(rows):
        values = {
            "used-legal": "yes" if n % 3 else "no",
            "legal-rating": n % 5 + 1,
            "councillors": n % 30,
            "services-used": ["training", "legal"][: n % 3],
            "contact": "email" if n % 2 else "phone",
            "value": {"fees": n % 5 + 1, "events": (n + 2) % 5 + 1},
            "comments": f"Comment {n}",
            "name": f"Person {n}",
            **{key: "abc"[(n + i) % 3] for i, key in enumerate(extras)},
        }
        answers += [Answer(response=response, question_key=k, value=v) for k, v in values.items() if v != []]
    Answer.objects.bulk_create(answers, batch_size=5000)
    return survey
