"""Every write to members' data goes through here."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members import permissions
from members.models import AreaCommittee, Council, Position, User

COUNCIL_CSV_HEADER = ["name", "kind", "district"]


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str = "",
    password: str | None = None,
    is_staff: bool = False,
    email_verified: bool = False,
) -> User:
    """Create a person and their allauth email address (verified when we already know it).
    Office staff (is_staff) are put in the Office staff group too (user_set_office_staff)."""
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    if is_staff:
        user_set_office_staff(user=user, is_staff=True)
    return user


@transaction.atomic
def user_set_office_staff(*, user: User, is_staff: bool) -> User:
    """Make a person office staff, or stop them being it. is_staff is what decides
    (members.permissions.is_office_staff, and Django's admin); the Office staff group,
    which carries the admin's model permissions, follows it here so the two never differ."""
    group = office_group(permissions.OFFICE_STAFF)
    user.is_staff = is_staff
    user.save(update_fields=["is_staff"])
    if is_staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    user.__dict__.pop("_kalc_group_names", None)
    return user


@transaction.atomic
def site_update_from_settings(*, using: str = "default") -> Site:
    """Keep the Site row (which allauth and Django read for the site's name and domain)
    as the settings say: ASSOCIATION_NAME and SITE_URL's host. Run after every migrate and
    flush (members.apps), so a flushed test database or a changed SITE_URL never leaves
    "example.com", or nothing, in its place."""
    site, _created = Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc or "localhost:8000",
            "name": settings.ASSOCIATION_NAME,
        },
    )
    Site.objects.clear_cache()
    return site


@transaction.atomic
def office_group(name: str) -> Group:
    """The office role group by name, with the model permissions the apps registered for it
    (permissions.register_office_group_permissions).

    The data migration creates the groups on migrate; this keeps them in step when an
    app adds permissions, and rebuilds them in a database that was flushed."""
    registered = permissions.office_group_model_permissions(name)  # ValueError for unknown roles
    group, _ = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, models in registered:
        wanted |= Q(content_type__app_label=app_label, content_type__model__in=models)
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Stop a person signing in; their positions and history stay as they are."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def position_start(*, user: User, council: Council, role: str, started_on: date | None = None) -> Position:
    """Give a person a role for a council. Raises ValidationError when the council
    already has a current clerk or the person already holds that role there."""
    position = Position(user=user, council=council, role=role, started_on=started_on or timezone.localdate())
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def position_end(*, position: Position, ended_on: date | None = None) -> Position:
    """End a position (someone has left); the row stays as history."""
    if position.ended_on is not None:
        raise ValidationError("This position has already ended.")
    position.ended_on = ended_on or timezone.localdate()
    position.full_clean()
    position.save(update_fields=["ended_on"])
    return position


class CouncilCsvError(ValueError):
    def __init__(self, line_number: int, message: str):
        self.line_number = line_number
        super().__init__(f"line {line_number}: {message}")


@dataclass(frozen=True)
class CouncilRow:
    name: str
    kind: str
    district: str


@dataclass(frozen=True)
class CouncilLoadResult:
    created: int
    updated: int
    area_committees_created: int


def _parse_council_csv(text: str) -> list[CouncilRow]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [cell.strip().lower() for cell in header] != COUNCIL_CSV_HEADER:
        raise CouncilCsvError(1, f"the header must be {','.join(COUNCIL_CSV_HEADER)}")
    kinds = set(Council.Kind.values)
    rows, seen = [], set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise CouncilCsvError(line, f"expected 3 fields (name, kind, district), found {len(row)}")
        name, kind, district = (cell.strip() for cell in row)
        if not name:
            raise CouncilCsvError(line, "the name is empty")
        if not district:
            raise CouncilCsvError(line, "the district is empty")
        if kind not in kinds:
            raise CouncilCsvError(line, f"unknown kind {kind!r}; expected one of {', '.join(sorted(kinds))}")
        if (name, district) in seen:
            raise CouncilCsvError(line, f"{name} ({district}) appears twice")
        seen.add((name, district))
        rows.append(CouncilRow(name=name, kind=kind, district=district))
    if not rows:
        raise CouncilCsvError(reader.line_num, "the file lists no councils")
    return rows


def _council_slugs(rows: list[CouncilRow]) -> dict[tuple[str, str], str]:
    # A name found in more than one district (Newington) carries its district in the slug.
    name_counts = Counter(slugify(row.name) for row in rows)
    return {
        (row.name, row.district): (
            slugify(row.name)
            if name_counts[slugify(row.name)] == 1
            else slugify(f"{row.name} {row.district}")
        )
        for row in rows
    }


def area_committee_for_district(district: str) -> AreaCommittee:
    committee, _ = AreaCommittee.objects.get_or_create(
        district=district,
        defaults={"name": f"{district} Area Committee", "slug": slugify(district)},
    )
    return committee


@transaction.atomic
def councils_load_csv(*, text: str) -> CouncilLoadResult:
    """Create or update councils from name,kind,district rows, one area committee
    per district. All or nothing: a bad row stops the load with its line number.
    Membership status and contact details already kept by staff are left alone."""
    rows = _parse_council_csv(text)
    slugs = _council_slugs(rows)

    committees_before = AreaCommittee.objects.count()
    committees = {d: area_committee_for_district(d) for d in sorted({r.district for r in rows})}

    existing = {(c.name, c.district): c for c in Council.objects.all()}
    taken_slugs = {c.slug: key for key, c in existing.items()}
    to_create, to_update = [], []
    for row in rows:
        key = (row.name, row.district)
        committee = committees[row.district]
        council = existing.get(key)
        if council is None:
            slug = slugs[key]
            if slug in taken_slugs:
                slug = slugify(f"{row.name} {row.district}")
            taken_slugs[slug] = key
            to_create.append(
                Council(
                    name=row.name, kind=row.kind, district=row.district, area_committee=committee, slug=slug
                )
            )
        elif council.kind != row.kind or council.area_committee_id != committee.pk:
            council.kind = row.kind
            council.area_committee = committee
            to_update.append(council)
    # The *_with_history variants keep the audit trail that staff read in the admin.
    bulk_create_with_history(to_create, Council)
    bulk_update_with_history(to_update, Council, ["kind", "area_committee"])
    return CouncilLoadResult(
        created=len(to_create),
        updated=len(to_update),
        area_committees_created=AreaCommittee.objects.count() - committees_before,
    )
