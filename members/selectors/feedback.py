"""Reads for feedback to the office."""

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from members.models import AreaCommittee, Feedback
from members.selectors.core import positions_for_user


def feedback_queue(
    *, status: str = "", area_committee: AreaCommittee | int | None = None
) -> QuerySet[Feedback]:
    """The office queue: open items first, longest waiting at the top; then answered
    and closed ones, newest first."""
    items = Feedback.objects.select_related("author", "area_committee", "answered_by").annotate(
        status_rank=Case(
            When(status=Feedback.Status.OPEN, then=Value(0)),
            When(status=Feedback.Status.ANSWERED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    if status:
        items = items.filter(status=status)
    if area_committee is not None:
        items = items.filter(area_committee=area_committee)
    waiting_since = Case(When(status=Feedback.Status.OPEN, then=F("created_at")))
    return items.order_by("status_rank", waiting_since.asc(nulls_last=True), "-created_at", "-pk")


def feedback_by_author(user) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(author=user)
        .select_related("area_committee", "answered_by")
        .order_by("-created_at", "-pk")
    )


def feedback_detail(pk: int) -> Feedback | None:
    return Feedback.objects.select_related("author", "area_committee", "answered_by").filter(pk=pk).first()


def default_area_committee_for(user) -> AreaCommittee | None:
    """The committee of the first council the person serves today, if any."""
    position = positions_for_user(user).first()
    return position.council.area_committee if position else None
