"""Reads for access requests, invitations and the council pages the clerk runs."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
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


# The council, everyone who holds or held a position with it (current first, by role then
# name), and the invitations nobody has accepted yet (newest first), in one round trip. Three
# ORM queries cost the People page about 4 ms, most of it building and compiling them. Each
# subquery reads through the council's index on members_position / members_invitation.
# PostgreSQL puts NULLs first in descending order, so current positions (no end date) lead.
_COUNCIL_PEOPLE_SQL = """
SELECT {council_columns},
    (SELECT COALESCE(json_agg(json_build_array(p.id, p.role, p.started_on, p.ended_on,
                                               u.id, u.full_name, u.email, u.last_login)
                              ORDER BY p.ended_on DESC, p.role, u.full_name, p.id), '[]')
     FROM members_position p JOIN members_user u ON u.id = p.user_id
     WHERE p.council_id = c.id),
    (SELECT COALESCE(json_agg(json_build_array(i.id, i.email, i.full_name, i.role, i.created_at, i.expires_at)
                              ORDER BY i.created_at DESC), '[]')
     FROM members_invitation i
     WHERE i.council_id = c.id AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > %(now)s)
FROM members_council c
WHERE c.slug = %(slug)s
""".replace("{council_columns}", ", ".join(f'c."{field.column}"' for field in Council._meta.concrete_fields))
_COUNCIL_FIELDS = [field.attname for field in Council._meta.concrete_fields]


def _json_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _json_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _partly_loaded(model, **values):
    """An instance with these fields loaded (any other is read from the database if asked for).
    Model.from_db takes the values in the model's field order."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def council_people(slug: str) -> CouncilPeople | None:
    """What the council's People page lists, or None if there is no such council. The people
    and invitations are loaded with only the fields the page shows."""
    with connection.cursor() as cursor:
        cursor.execute(_COUNCIL_PEOPLE_SQL, {"slug": slug, "now": timezone.now()})
        row = cursor.fetchone()
    if row is None:
        return None
    *council_values, position_rows, invitation_rows = row
    council = Council.from_db(connection.alias, _COUNCIL_FIELDS, council_values)
    positions = []
    for pk, role, started_on, ended_on, user_pk, full_name, email, last_login in _json(position_rows):
        position = _partly_loaded(
            Position,
            id=pk,
            user_id=user_pk,
            council_id=council.pk,
            role=role,
            started_on=_json_date(started_on),
            ended_on=_json_date(ended_on),
        )
        position.user = _partly_loaded(
            User, id=user_pk, full_name=full_name, email=email, last_login=_json_datetime(last_login)
        )
        position.council = council
        positions.append(position)
    open_invitations = []
    for pk, email, full_name, role, created_at, expires_at in _json(invitation_rows):
        invitation = _partly_loaded(
            Invitation,
            id=pk,
            email=email,
            full_name=full_name,
            council_id=council.pk,
            role=role,
            created_at=_json_datetime(created_at),
            expires_at=_json_datetime(expires_at),
        )
        invitation.council = council
        open_invitations.append(invitation)
    return CouncilPeople(council=council, positions=positions, open_invitations=open_invitations)


def _json(value) -> list:
    # psycopg2 decodes json columns itself; a driver that does not hands over the text.
    return json.loads(value) if isinstance(value, str) else value


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
