"""Reads for the mediation service. Who may see a case is decided in permissions.py;
these only fetch what the caller is allowed to see."""

from django.db.models import Prefetch, QuerySet

from members import permissions
from members.models import Council, MediationCase, MediationStatusChange, User
from members.selectors.core import positions_for_user


def councils_for_mediation_request(user) -> list[Council]:
    """The councils this person may ask for mediation for (clerk or chair today)."""
    if not user.is_authenticated:
        return []
    councils = {position.council.pk: position.council for position in positions_for_user(user)}
    return [council for council in councils.values() if permissions.can_request_mediation(user, council)]


def mediation_cases_for(user, *, status: str = "") -> QuerySet[MediationCase]:
    """Every case for mediation officers; otherwise the cases the person asked for
    or is named on. Never anyone else's."""
    cases = MediationCase.objects.select_related("council", "requested_by", "assigned_officer")
    visible = permissions.mediation_case_filter(user)
    if visible is not None:
        # Through the case ids: the named people's join would list a case once per match.
        cases = cases.filter(pk__in=MediationCase.objects.filter(visible).values("pk"))
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-created_at")


def mediation_case_detail(pk: int) -> MediationCase | None:
    """One case with its trail and the people named on it, ready to render."""
    return (
        MediationCase.objects.select_related(
            "council", "council__area_committee", "requested_by", "assigned_officer"
        )
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=MediationStatusChange.objects.select_related("changed_by").order_by(
                    "changed_at", "pk"
                ),
            ),
            Prefetch("named_people", queryset=User.objects.order_by("full_name", "email")),
        )
        .filter(pk=pk)
        .first()
    )


def people_who_may_be_named(case: MediationCase) -> QuerySet[User]:
    """People holding a position with the case's council today, except the requester,
    who sees the case anyway."""
    return (
        User.objects.filter(positions__council=case.council, positions__ended_on__isnull=True, is_active=True)
        .exclude(pk=case.requested_by_id)
        .distinct()
        .order_by("full_name", "email")
    )


def mediation_officers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(permissions.mediation_officer_filter())
        .distinct()
        .order_by("email")
    )
