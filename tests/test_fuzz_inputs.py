"""Every URL of every app, as each role, with fuzzed query parameters and form fields:
never a 5xx, and a POST that is refused (anything but a redirect) changes no row.

The URL conf is walked, so a new page is fuzzed without being listed here; its path
parameters are filled from the seeded data (an unknown one fails the test, so whoever
adds a URL says how to fill it). Form fields are every field of every form the apps
define, so each POST tries every form's fields, not only its own. Hypothesis is
derandomized with a small number of examples, so CI runs the same inputs every time
in about a minute and a half."""

import uuid

import pytest
from django import forms
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    resource_with_versions,
)
from members.models import Position
from members.tests.conftest import council_a, council_b, login_as, people  # noqa: F401
from members.tests.factories import PositionFactory
from members.tests.factories_access import issue_invitation, submit_access_request
from members.tests.factories_office import PartnerFactory, feedback_item, mediation_case
from surveys.tests.factories import build_survey
from training.services import bookings as booking_services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FUZZED_APPS = ("members", "knowledge_bank", "training", "surveys")
# Django's admin and allauth are libraries with their own tests; the portal's own pages
# are what this fuzzes (the admin's formula and length rules have their own tests).
SKIPPED_PREFIXES = ("admin/", "accounts/", "static/", "media/", "__")
ROLES = ["anonymous", "councillor_a", "clerk_a", "staff"]

# What people (and scripts) send in place of a number, a slug or a word.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "²",
    "١٢",
    "１２",
    "1_000",
    "1e9",
    "1.5",
    "9223372036854775807",
    "99999999999999999999",
    "9" * 5000,
    "x" * 20_000,
    "\u202eesrever",
    "zero\u200bwidth",
    '=HYPERLINK("https://evil.example","x")',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "../../etc/passwd",
    "https://evil.example/",
    "//evil.example",
    "on",
    "true",
    "2026-02-30",
    "31/12/2026",
    str(uuid.UUID(int=0)),
    "🙂",
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
# Query parameters the pages read, beyond their forms' fields.
QUERY_NAMES = ["q", "page", "hub", "kind", "topic", "status", "area_committee", "district", "category",
               "window", "inline", "next", "sort", "order", "format"]  # fmt: skip


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def portal_routes() -> list[tuple[str, str, list[str]]]:
    """(route, name, path parameter names) of every page of ours."""
    routes = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        routes.append((route, name or route, list(pattern.pattern.converters)))
    return routes


ROUTES = portal_routes()


def every_form_field_name() -> list[str]:
    """The data keys of every field of every form our apps define (with their prefixes)."""
    names: set[str] = set()
    pending = list(forms.BaseForm.__subclasses__())
    seen = set()
    while pending:
        form_class = pending.pop()
        if form_class in seen:
            continue
        seen.add(form_class)
        pending.extend(form_class.__subclasses__())
        if not form_class.__module__.startswith(FUZZED_APPS):
            continue
        prefix = getattr(form_class, "prefix", None)
        for field_name in getattr(form_class, "base_fields", {}):
            names.add(f"{prefix}-{field_name}" if prefix else field_name)
    names.update(["action", "revoke", "next", "markdown", "submission_key"])
    return sorted(names)


@pytest.fixture
def seeded(people, council_a, private_files):  # noqa: F811  (fixtures imported above)
    """One of everything a path can name, built through the real services."""
    staff = people["staff"]
    resource = resource_with_versions(staff, 2, audience=Resource.Audience.MEMBERS, slug="members-note")
    invitation, token = issue_invitation(council=council_a, email="robin@example.org")
    event = EventFactory(slug="new-councillor-training", capacity=1)
    booking = booking_services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    )
    entry = booking_services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("Ann One", "ann@example.org")],
    )
    return {
        "event": event.slug,
        "booking": booking.pk,
        "place": booking.places.get().pk,
        "waiting": entry.pk,
        "resource": resource.slug,
        "hub": HubFactory(slug="climate").slug,
        "council": council_a.slug,
        "committee": council_a.area_committee.slug,
        "partner": PartnerFactory().slug,
        "access_request": submit_access_request(council=council_a).pk,
        "position": PositionFactory(council=council_a, role=Position.Role.COUNCILLOR).pk,
        "feedback": feedback_item(author=people["clerk_a"]).pk,
        "mediation": mediation_case(requested_by=people["clerk_a"], council=council_a).pk,
        "token": token,
        "invitation": invitation.pk,
        "survey": build_survey().pk,
    }


def path_for(
    route: str, name: str, parameters: list[str], seeded: dict, overrides: dict | None = None
) -> str:
    """The route with its parameters filled from the seeded data (or `overrides`)."""
    by_name = {
        ("slug", "knowledge_bank:hub"): seeded["hub"],
        ("slug", "members:area_committee_detail"): seeded["committee"],
        ("slug", "members:partner_detail"): seeded["partner"],
        ("pk", "members:access_request_review"): seeded["access_request"],
        ("pk", "members:position_end"): seeded["position"],
        ("number", "knowledge_bank:download_version"): 1,
        ("token", "members:invitation_accept"): seeded["token"],
        ("pk", "training:booking"): seeded["booking"],
        ("pk", "training:booking_cancel"): seeded["booking"],
        ("pk", "training:place_certificate"): seeded["place"],
        ("slug", "training:council_record"): seeded["council"],
        ("slug", "training:council_record_csv"): seeded["council"],
    }
    by_prefix = {
        ("slug", "knowledge_bank:"): seeded["resource"],
        ("slug", "members:council"): seeded["council"],
        ("slug", "members:position_end"): seeded["council"],
        ("slug", "members:clerk_handover"): seeded["council"],
        ("pk", "members:feedback"): seeded["feedback"],
        ("pk", "members:mediation"): seeded["mediation"],
        ("slug", "training:"): seeded["event"],
        ("pk", "training:offer_accept"): seeded["waiting"],
        ("pk", "training:waiting_withdraw"): seeded["waiting"],
        ("pk", "surveys:"): seeded["survey"],
        ("slug", "surveys:"): seeded["council"],
    }
    values = {}
    for parameter in parameters:
        value = (overrides or {}).get(parameter) or by_name.get((parameter, name))
        if value is None:
            value = next(
                (v for (p, start), v in by_prefix.items() if p == parameter and name.startswith(start)), None
            )
        if value is None:
            pytest.fail(f"say how to fill <{parameter}> of {name} ({route}) in tests/test_fuzz_inputs.py")
        values[parameter] = value
    path = "/" + route
    for parameter, value in values.items():
        path = path.replace(f"<{parameter}>", str(value))
        for converter in ("int", "slug", "str", "path", "uuid"):
            path = path.replace(f"<{converter}:{parameter}>", str(value))
    assert "<" not in path, path
    return path


def rows_written() -> int:
    """Rows inserted, updated or deleted so far in this test's transaction (PostgreSQL
    keeps the figures per transaction as it goes, so one cheap query tells whether a
    request wrote anything, an UPDATE that changes nothing included)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
        )
        return cursor.fetchone()[0]


FIELD_NAMES = every_form_field_name()
# Each explicit example sends one class of bad value in every parameter and field at once;
# the generated ones mix them (and leave fields out).
EVERYWHERE = ["²", "99999999999999999999", "9" * 5000, "=HYPERLINK(1)\u202eX\u200b"]
FUZZ = settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _everywhere(value):
    return example(query=dict.fromkeys(QUERY_NAMES, value), data=dict.fromkeys(FIELD_NAMES, value))


def _with_examples(test):
    for value in EVERYWHERE:
        test = _everywhere(value)(test)
    return test


@pytest.mark.parametrize("role", ROLES)
@FUZZ
@_with_examples
@given(
    query=st.dictionaries(st.sampled_from(QUERY_NAMES + FIELD_NAMES), VALUES, max_size=8),
    data=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELD_NAMES, VALUES)),
)
def test_no_input_reaches_a_server_error_or_changes_anything_when_refused(
    client,
    login_as,  # noqa: F811
    seeded,
    role,
    query,
    data,
):
    login_as(role)
    for route, name, parameters in ROUTES:
        path = path_for(route, name, parameters, seeded)

        got = client.get(path, query)
        assert got.status_code < 500, f"GET {path} {query!r}"

        before = rows_written()
        posted = client.post(path, data)
        assert posted.status_code < 500, f"POST {path} as {role}"
        if not 300 <= posted.status_code < 400:
            assert rows_written() == before, (
                f"POST {path} as {role} was refused ({posted.status_code}) but wrote rows"
            )


INT_ROUTES = [(route, name, parameters) for route, name, parameters in ROUTES if "<int:" in route]


def test_ids_in_paths_past_any_column_are_not_found(client, login_as, seeded):  # noqa: F811
    login_as("staff")
    assert INT_ROUTES
    for route, name, parameters in INT_ROUTES:
        ints = [p for p in parameters if f"<int:{p}>" in route]
        for number in ["0", "2147483648", "9223372036854775808", "9" * 400]:
            path = path_for(route, name, parameters, seeded, overrides=dict.fromkeys(ints, number))
            assert client.get(path).status_code in (404, 405), path
            assert client.post(path).status_code in (404, 405), path
