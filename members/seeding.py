"""National-scale synthetic data for benchmarks and query-scaling tests.

About 10,000 councils and 100,000 people is every county association in England
on one database. Rows go in with PostgreSQL COPY (ids assigned here, sequences
moved on afterwards), so 10,000 x 10 loads in well under a minute. Names are
generated from English place-name parts and common surnames: varied, realistic
in length and shape, and reproducible from the seed.
"""

import csv
import io
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from members.models import AreaCommittee, Council, Position, User

PREFIXES = [
    "",
    "",
    "",
    "Great ",
    "Little ",
    "Upper ",
    "Lower ",
    "East ",
    "West ",
    "North ",
    "South ",
    "Long ",
    "Kings ",
    "Bishops ",
    "Market ",
    "Much ",
    "High ",
    "Old ",
]
ROOTS = [
    "Ash",
    "Bourne",
    "Brad",
    "Brook",
    "Chal",
    "Chid",
    "Dun",
    "Elm",
    "Fen",
    "Fold",
    "Hart",
    "Hol",
    "Kers",
    "Lang",
    "Mars",
    "Mel",
    "Nor",
    "Oak",
    "Pen",
    "Ridge",
    "Sand",
    "Shel",
    "Stan",
    "Stow",
    "Thorn",
    "Wal",
    "Wes",
    "Whit",
    "Wick",
    "Wold",
    "Yar",
    "Bel",
    "Cran",
    "Ed",
    "Hawk",
    "Lyd",
]
SUFFIXES = [
    "ton",
    "ham",
    "ley",
    "field",
    "stead",
    "bury",
    "den",
    "hurst",
    "wick",
    "ford",
    "worth",
    "by",
    "thorpe",
    "combe",
    "minster",
    "well",
    "borough",
    "gate",
    "marsh",
    "ingham",
]
AFFIXES = [
    "",
    "",
    "",
    "",
    "",
    " St Mary",
    " Green",
    " with Hope",
    " on Sea",
    " Magna",
    " Parva",
    " cum Marsh",
    " and District",
    " Heath",
    " Common",
]
FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Priya",
    "Tom",
    "Sarah",
    "James",
    "Aisha",
    "David",
    "Emma",
    "Mohammed",
    "Claire",
    "Peter",
    "Helen",
    "Raj",
    "Fiona",
    "Gareth",
    "Olivia",
    "Ian",
    "Lucy",
    "Mark",
    "Nadia",
    "Owen",
    "Rachel",
    "Simon",
    "Tanya",
    "Wendy",
    "Yusuf",
    "Zoe",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Hughes",
    "Edwards",
    "Hill",
    "Moore",
    "Harris",
    "Martin",
    "Cooper",
    "Ward",
    "Morris",
    "King",
    "Baker",
    "Turner",
    "Shah",
    "Begum",
]
KINDS = [Council.Kind.PARISH] * 17 + [Council.Kind.TOWN] * 2 + [Council.Kind.VILLAGE, Council.Kind.COMMUNITY]
STATUSES = ["member"] * 30 + ["lapsed", "non_member", "aspiring"]
ROLE_PLAN = [Position.Role.CLERK, Position.Role.CHAIR, Position.Role.VICE_CHAIR, Position.Role.RFO]


@dataclass(frozen=True)
class SeedResult:
    councils: int
    users: int
    positions: int
    area_committees: int


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Load rows into a table with PostgreSQL COPY (None becomes NULL); returns the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
    return count


def _next_ids(model, count: int) -> range:
    """Reserve `count` ids after the current maximum and move the identity on past them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - table is ours
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count])
    return range(start, start + count)


def _place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = f"{rng.choice(PREFIXES)}{rng.choice(ROOTS)}{rng.choice(SUFFIXES)}{rng.choice(AFFIXES)}"
        if name in taken:
            name = f"{name} {len(taken) % 97 + 2}"
            if name in taken:
                continue
        taken.add(name)
        names.append(name)
    return names


@transaction.atomic
def seed_scale(
    *, councils: int, people_per_council: int, seed: int = 2026, batch_label: str = "scale"
) -> SeedResult:
    """Add `councils` synthetic councils (in districts of about 30) with people in them."""
    rng = random.Random(f"{seed}-{batch_label}-{Council.objects.count()}")
    now = timezone.now()
    password = make_password("scale-seed-password", hasher="default")

    district_count = max(1, councils // 30)
    existing_districts = set(AreaCommittee.objects.values_list("district", flat=True))
    district_names = _place_names(rng, district_count, set(existing_districts))
    committees = AreaCommittee.objects.bulk_create(
        AreaCommittee(
            name=f"{d} Area Committee",
            slug=slugify(f"{d}-{batch_label}-{i}-{rng.randrange(10**6)}"),
            district=d,
        )
        for i, d in enumerate(district_names)
    )

    council_ids = _next_ids(Council, councils)
    names = _place_names(rng, councils, set())
    council_rows = []
    for council_id, name in zip(council_ids, names, strict=True):
        committee = committees[council_id % len(committees)]
        council_rows.append(
            (
                council_id,
                name,
                f"{slugify(name)}-{council_id}",
                rng.choice(KINDS),
                committee.district,
                committee.pk,
                rng.choice(STATUSES),
                f"clerk@{slugify(name)}-{council_id}.example.org",
                f"01{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
                "",
                "",
                rng.randrange(150, 25000),
                2026,
                now,
                now,
            )
        )
    copy_rows(
        Council._meta.db_table,
        [
            "id",
            "name",
            "slug",
            "kind",
            "district",
            "area_committee_id",
            "membership_status",
            "contact_email",
            "contact_phone",
            "website",
            "address",
            "electorate",
            "membership_year",
            "created_at",
            "updated_at",
        ],
        council_rows,
    )

    # One person per seat, except that about one clerk in five also clerks a neighbouring council.
    seats_per_council = max(1, people_per_council)
    user_count = councils * seats_per_council
    user_ids = _next_ids(User, user_count)
    user_rows, email_rows, position_rows = [], [], []
    position_ids = iter(_next_ids(Position, user_count + councils))  # at most one shared seat per clerk
    for index, user_id in enumerate(user_ids):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        email = f"{first}.{last}.{user_id}@{batch_label}.example.org".lower()
        last_login = now if rng.random() < 0.6 else None
        user_rows.append(
            (
                user_id,
                password,
                last_login,
                False,
                email,
                f"{first} {last}",
                "",
                False,
                "weekly",
                False,
                True,
                now,
            )
        )
        email_rows.append((email, True, True, user_id))
        council_id = council_ids[index // seats_per_council]
        seat = index % seats_per_council
        role = ROLE_PLAN[seat] if seat < len(ROLE_PLAN) else Position.Role.COUNCILLOR
        position_rows.append((next(position_ids), role, now.date(), None, council_id, user_id))
        if role == Position.Role.CLERK and rng.random() < 0.2 and index // seats_per_council + 1 < councils:
            # Shared clerk: also a councillor seat elsewhere keeps the one-clerk constraint honest.
            position_rows.append(
                (
                    next(position_ids),
                    Position.Role.DEPUTY_CLERK,
                    now.date(),
                    None,
                    council_ids[index // seats_per_council + 1],
                    user_id,
                )
            )
    copy_rows(
        User._meta.db_table,
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "email",
            "full_name",
            "phone",
            "newsletter_opt_in",
            "forum_digest",
            "is_staff",
            "is_active",
            "date_joined",
        ],
        user_rows,
    )
    copy_rows("account_emailaddress", ["email", "verified", "primary", "user_id"], email_rows)
    copy_rows(
        Position._meta.db_table,
        ["id", "role", "started_on", "ended_on", "council_id", "user_id"],
        position_rows,
    )
    with connection.cursor() as cursor:
        for table in ("members_council", "members_user", "members_position", "account_emailaddress"):
            cursor.execute(f"ANALYZE {table}")
    return SeedResult(
        councils=councils, users=user_count, positions=len(position_rows), area_committees=len(committees)
    )
