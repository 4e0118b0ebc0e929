"""Every key page runs the same number of queries at small data and at 10x (no query
per row anywhere), at most 15; and at more than 10,000 rows its queries use indexes."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kalc_portal.key_pages import KEY_PAGES, resolve
from knowledge_bank.seeding import seed_knowledge
from members import permissions, services
from members.models import Council, Position
from members.seeding import seed_scale
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15


def build_people(council_positions: int):
    """A clerk of Sandwich (with `council_positions` colleagues) and an office user with TOTP."""
    sandwich = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = UserFactory(email="clerk@sandwich.example.org")
    PositionFactory(user=clerk, council=sandwich, role=Position.Role.CLERK)
    for _ in range(council_positions):
        PositionFactory(council=sandwich)
    office = UserFactory(email="office@example.org", is_staff=True)
    office.groups.add(services.office_group(permissions.OFFICE_STAFF))
    TOTP.activate(office, generate_totp_secret())
    return sandwich, {"clerk": clerk, "office": office, "anonymous": None}


def grow(sandwich, factor: int) -> None:
    seed_scale(councils=30 * factor, people_per_council=5, batch_label=f"x{factor}")
    seed_knowledge(count=100 * factor, seed=factor)
    for _ in range(3 * factor):
        PositionFactory(council=sandwich)


def capture_key_pages(sandwich, people):
    """Yield (label, captured queries) for each key page in this build, on a second, warm visit."""
    for page in KEY_PAGES:
        path = resolve(page, sandwich.slug)
        if path is None:
            continue
        client = Client()
        if people[page.who] is not None:
            sign_in(client, people[page.who])
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, f"{page.label}: {response.status_code}"
        yield page.label, captured.captured_queries


def query_counts(sandwich, people) -> dict[str, int]:
    return {label: len(queries) for label, queries in capture_key_pages(sandwich, people)}


def test_key_pages_run_the_same_queries_at_10x_the_data():
    sandwich, people = build_people(council_positions=3)
    grow(sandwich, 1)
    small = query_counts(sandwich, people)
    grow(sandwich, 10)
    large = query_counts(sandwich, people)

    assert Council.objects.count() > 300
    assert small == large
    too_many = {label: n for label, n in large.items() if n > MAX_QUERIES}
    assert not too_many
    assert {"Home", "My KALC", "Admin council list (staff)", "Knowledge search", "Knowledge resource"} <= set(
        large
    )


def seq_scans_on_big_tables(sql: str, params, big_tables: set[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found = []

    def walk(node):
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in big_tables:
            found.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def test_key_page_queries_use_indexes_on_tables_above_10000_rows():
    sandwich, people = build_people(council_positions=10)
    # Past the 10,000-row line for councils too (national scale), not only for people and positions.
    seed_scale(councils=10_100, people_per_council=10, batch_label="explain")
    # And past it for the knowledge bank's resources.
    seed_knowledge(count=10_500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 10000 AND relnamespace = "
            "'public'::regnamespace"
        )
        big_tables = {row[0] for row in cursor.fetchall()}
    assert {"members_council", "members_user", "members_position", "knowledge_bank_resource"} <= big_tables

    offenders = {}
    for label, queries in capture_key_pages(sandwich, people):
        for query in queries:
            sql = query["sql"]
            # Statements that read (a UNION of sliced queries starts with a parenthesis).
            if not sql.lstrip("( \n").upper().startswith(("SELECT", "WITH")):
                continue
            # Re-run the logged statement under EXPLAIN; the logged SQL has its parameters inlined.
            scans = seq_scans_on_big_tables(sql, None, big_tables)
            if scans:
                offenders.setdefault(label, []).append((scans, sql[:300]))
    assert not offenders, json.dumps(offenders, indent=2)
