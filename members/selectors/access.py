"""Reads for access requests, invitations and the council pages the clerk runs."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateformat import format as format_date

from members import permissions
from members.models import AccessRequest, Council, Invitation, Position, User


def token_hash(token: str) -> str:
    """Invitations store only this hash; the raw token lives in the emailed link."""
    return hashlib.sha256(token.encode()).hexdigest()


def council_choices_by_district() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every council as (district, [(pk, display name), ...]) for a <select> with <optgroup>s."""
    rows = Council.objects.order_by("district", "name").values_list("pk", "name", "kind", "district")
    kind_labels = dict(Council.Kind.choices)
    return [
        (
            district,
            [(str(pk), f"{name} {kind_labels.get(kind, kind).title()}") for pk, name, kind, _ in group],
        )
        for district, group in groupby(rows, key=lambda row: row[3])
    ]


def access_requests_for_queue(*, status: str = "") -> QuerySet[AccessRequest]:
    """Requests for the office queue: waiting ones first, newest first within each status."""
    requests = AccessRequest.objects.select_related("council", "decided_by").annotate(
        waiting_first=Case(
            When(status=AccessRequest.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("waiting_first", "-created_at", "-pk")


def access_request_for_review(pk: int) -> AccessRequest | None:
    return (
        AccessRequest.objects.select_related("council", "council__area_committee", "decided_by")
        .filter(pk=pk)
        .first()
    )


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("council", "council__area_committee", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the invitation cannot be accepted now (used, revoked, expired, clerk_taken), or None."""
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    if (
        permissions.has_single_holder(invitation.role)
        and Position.objects.current().filter(council=invitation.council, role=invitation.role).exists()
    ):
        return "clerk_taken"
    return None


@dataclass(frozen=True)
class CouncilPeople:
    council: Council
    positions: list[Position]  # each with its user (name, email, last sign-in) and the council
    open_invitations: list[Invitation]


def council_people(slug: str) -> CouncilPeople | None:
    """What the council's People page lists, or None if there is no such council: everyone
    who holds or held a position with it (current first, by role then name, each with only
    the user fields the page shows) and the invitations nobody has accepted yet (newest
    first). Three queries, each through the council's index."""
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        return None
    positions = list(
        Position.objects.filter(council=council)
        .select_related("user")
        .only(*_POSITION_FIELDS, "user__full_name", "user__email", "user__last_login")
        # Current positions (no end date) first.
        .order_by(F("ended_on").desc(nulls_first=True), "role", "user__full_name", "pk")
    )
    open_invitations = list(
        Invitation.objects.filter(
            council=council, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )
    for row in [*positions, *open_invitations]:
        row.council = council
    return CouncilPeople(council=council, positions=positions, open_invitations=open_invitations)


_POSITION_FIELDS = [field.name for field in Position._meta.concrete_fields]


def council_open_invitations(council: Council) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            council=council, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def council_current_clerk(council: Council) -> Position | None:
    return (
        Position.objects.current()
        .filter(council=council, role=Position.Role.CLERK)
        .select_related("user")
        .first()
    )


@dataclass(frozen=True)
class ChangeRecord:
    when: datetime
    who: User | None
    description: str


COUNCIL_TRACKED_FIELDS = (
    "name",
    "kind",
    "membership_status",
    "membership_year",
    "contact_email",
    "contact_phone",
    "website",
    "address",
    "electorate",
)


def _council_change(record, older) -> str:
    if older is None or record.history_type == "+":
        return "Council record created"
    changed = [
        str(Council._meta.get_field(name).verbose_name)
        for name in COUNCIL_TRACKED_FIELDS
        if getattr(record, name) != getattr(older, name)
    ]
    return f"Changed {', '.join(changed)}" if changed else "Council record saved with no visible change"


def _position_change(record) -> str:
    person, role = record.user.get_full_name(), record.get_role_display().lower()
    if record.history_type == "+":
        return f"{person} became {role} (from {format_date(record.started_on, 'j F Y')})"
    if record.history_type == "-":
        return f"{person}'s position as {role} was deleted"
    if record.ended_on:
        return f"{person}'s position as {role} ended on {format_date(record.ended_on, 'j F Y')}"
    return f"{person}'s position as {role} changed"


def council_change_history(council: Council, *, limit: int = 30) -> list[ChangeRecord]:
    """The latest changes to the council's record and its positions, newest first, each
    with the person who made it (simple_history records them from the request)."""
    # One row more than shown, so the oldest shown council change can be compared with its predecessor.
    council_rows = list(
        Council.history.filter(id=council.pk)
        .select_related("history_user")
        .order_by("-history_date")[: limit + 1]
    )
    records = [
        ChangeRecord(
            when=row.history_date,
            who=row.history_user,
            description=_council_change(
                row, council_rows[index + 1] if index + 1 < len(council_rows) else None
            ),
        )
        for index, row in enumerate(council_rows[:limit])
    ]
    position_rows = (
        Position.history.filter(council_id=council.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:limit]
    )
    records += [
        ChangeRecord(when=row.history_date, who=row.history_user, description=_position_change(row))
        for row in position_rows
    ]
    return sorted(records, key=lambda record: record.when, reverse=True)[:limit]
