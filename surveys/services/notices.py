"""Invitations and weekly reminders to the clerks of member councils.

When a survey is open, every member council's current clerk gets an invitation
(SurveyNotice number 0); a council that has not submitted gets a reminder a week after
its last notice, up to settings.SURVEY_MAX_REMINDERS. The survey's row is locked for the
run, so two runs at once take turns; each notice is a row unique per survey, council and
number, and its email an outbox row keyed by survey, council, number and recipient, so a
run repeated in the same week sends nothing more. Councils without a current clerk get
nothing here: the non-responder list (selectors.non_responders) shows them to staff."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from members.models import Council, Position
from surveys.models import Response, Survey, SurveyNotice

REMINDER_INTERVAL = datetime.timedelta(days=7)


@dataclass(frozen=True)
class NoticeRun:
    invitations: int = 0
    reminders: int = 0
    without_clerk: int = 0


def notice_object_key(*, survey_id: int, council_id: int, number: int) -> str:
    return f"survey:{survey_id}:council:{council_id}:notice:{number}"


def _member_councils_with_clerks():
    clerks = Prefetch(
        "positions",
        queryset=Position.objects.current().filter(role=Position.Role.CLERK).select_related("user"),
        to_attr="current_clerks",
    )
    return (
        Council.objects.filter(membership_status=Council.MembershipStatus.MEMBER)
        .prefetch_related(clerks)
        .order_by("pk")
    )


def _queue(survey: Survey, council: Council, clerk, number: int, now) -> None:
    SurveyNotice.objects.create(
        survey=survey, council=council, number=number, sent_to=clerk.email, queued_at=now
    )
    mail_queue(
        purpose="surveys.reminder" if number else "surveys.invitation",
        object_key=notice_object_key(survey_id=survey.pk, council_id=council.pk, number=number),
        to=clerk.email,
        template="surveys/survey_notice",
        user=clerk,
        context={
            "survey": survey,
            "council": council,
            "recipient_name": clerk.get_full_name() or clerk.email,
            "reminder_number": number,
            "response_url": settings.SITE_URL.rstrip("/")
            + reverse("surveys:response", args=[survey.pk, council.slug]),
        },
    )


@transaction.atomic
def survey_notices_queue(*, survey_id: int, now: datetime.datetime | None = None) -> NoticeRun:
    """Queue this survey's due invitations and reminders (nothing if it is not open)."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None or not survey.is_open:
        return NoticeRun()
    submitted = set(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).values_list(
            "council_id", flat=True
        )
    )
    sent = {
        row["council_id"]: (row["last_number"], row["last_at"])
        for row in SurveyNotice.objects.filter(survey=survey)
        .values("council_id")
        .annotate(last_number=Max("number"), last_at=Max("queued_at"))
    }
    limit = settings.SURVEY_MAX_REMINDERS
    invitations = reminders = without_clerk = 0
    for council in _member_councils_with_clerks():
        if council.pk in submitted:
            continue
        clerk = council.current_clerks[0].user if council.current_clerks else None
        if clerk is None:
            without_clerk += 1
            continue
        if council.pk not in sent:
            _queue(survey, council, clerk, SurveyNotice.INVITATION, now)
            invitations += 1
            continue
        last_number, last_at = sent[council.pk]
        if last_number < limit and last_at <= now - REMINDER_INTERVAL:
            _queue(survey, council, clerk, last_number + 1, now)
            reminders += 1
    return NoticeRun(invitations=invitations, reminders=reminders, without_clerk=without_clerk)


def open_survey_ids() -> list[int]:
    """The surveys the beat job works on (each in its own transaction)."""
    return list(Survey.objects.filter(status=Survey.Status.OPEN).order_by("pk").values_list("pk", flat=True))
