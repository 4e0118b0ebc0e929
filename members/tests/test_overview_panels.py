"""The council overview: its people, and panels from the registry in members/panels.py."""

import datetime

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from members import panels, permissions, services
from members.models import Council, Position
from members.tests.factories import PositionFactory, UserFactory, sign_in
from members.tests.factories_directory import council_with_people

pytestmark = pytest.mark.django_db


def main_content(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def isolated_registry(monkeypatch):
    """An empty panel registry for this test, so other apps' panels neither help nor hinder it.

    The real register/unregister functions are used; only the dict they fill is fresh."""
    monkeypatch.setattr(panels, "_registry", {})
    return panels


def register_test_panel(
    key="test_training", *, title="Training booked", order=50, visible_to=None, calls=None
):
    def context(request, council):
        if calls is not None:
            calls.append((request.user.pk, council.pk))
        # One query whatever the council's size, as the registry asks of every panel.
        count = Position.objects.current().filter(council=council).count()
        return {"items": [f"{count} people hold a position with {council.display_name}"]}

    panels.register_council_panel(
        panels.CouncilPanel(
            key=key,
            title=title,
            template="members/panels/simple_list.html",
            context=context,
            order=order,
            visible_to=visible_to,
        )
    )


def test_overview_lists_current_positions_with_role_since_and_last_sign_in(client, people, council_a):
    clerk = people["clerk_a"]
    chair = people["chair_a"]
    update_last_login(None, chair)
    chair.refresh_from_db()
    old = PositionFactory(
        council=council_a, role=Position.Role.VICE_CHAIR, started_on=datetime.date(2020, 5, 1)
    )
    services.position_end(position=old, ended_on=datetime.date(2024, 5, 1))
    veteran = PositionFactory(
        council=council_a, role=Position.Role.RFO, started_on=datetime.date(2019, 11, 22)
    )

    sign_in(client, clerk)
    response = client.get("/councils/ash/")
    html = main_content(response)

    assert '<h2 id="overview-heading">Council overview</h2>' in html
    names = [position.user for position in response.context["positions"]]
    assert names[0] == clerk  # officers first
    assert old.user not in names  # ended positions are history, not the overview
    assert len(names) == 5
    assert f'<th scope="row">{escape(veteran.user.full_name)}</th>' in html
    assert "Responsible financial officer" in html and "22 November 2019" in html
    # The clerk has just signed in; the councillor never has.
    row = html[html.index(f'id="position-{veteran.pk}"') :]
    assert row[: row.index("</tr>")].count("never") == 1
    assert chair.last_login.strftime("%-d %B %Y") in html
    assert "Member, no membership year recorded" in html


def test_membership_year_reads_as_a_financial_year(client, people, council_a):
    council_a.membership_year = 2026
    council_a.membership_status = Council.MembershipStatus.LAPSED
    council_a.save()
    sign_in(client, people["chair_a"])
    assert "Lapsed, paid for 2026/27" in main_content(client.get("/councils/ash/"))


def test_a_registered_panel_renders_on_the_overview(client, people, isolated_registry):
    register_test_panel()
    sign_in(client, people["clerk_a"])
    html = main_content(client.get("/councils/ash/"))
    assert 'id="panel-test_training-heading">Training booked</h3>' in html
    assert "4 people hold a position with Ash Parish Council" in html


def test_a_panel_registered_from_test_code_is_gone_once_unregistered(client, people):
    register_test_panel(key="temporary_panel", title="Temporary panel")
    try:
        sign_in(client, people["clerk_a"])
        assert "Temporary panel" in main_content(client.get("/councils/ash/"))
    finally:
        panels.unregister_council_panel("temporary_panel")
    assert "temporary_panel" not in [panel.key for panel in panels.registered_panels()]
    assert "Temporary panel" not in main_content(client.get("/councils/ash/"))


def test_visible_to_hides_a_panel_from_those_it_excludes(client, people, isolated_registry):
    register_test_panel(
        key="managers_only", title="For the clerk's office", visible_to=permissions.can_manage_council
    )
    register_test_panel(key="everyone", title="For every overview reader")
    sign_in(client, people["chair_a"])  # sees the overview but does not manage the council
    html = main_content(client.get("/councils/ash/"))
    assert "For every overview reader" in html
    assert "For the clerk&#x27;s office" not in html and "For the clerk's office" not in html
    sign_in(client, people["deputy_clerk_a"])
    html = main_content(client.get("/councils/ash/"))
    assert "For the clerk&#x27;s office" in html


def test_panels_follow_their_order(client, people, isolated_registry):
    register_test_panel(key="second", title="Second panel", order=20)
    register_test_panel(key="first", title="First panel", order=10)
    sign_in(client, people["staff"])
    html = main_content(client.get("/councils/ash/"))
    assert html.index("First panel") < html.index("Second panel")


@pytest.mark.parametrize("role", ["councillor_a", "clerk_b"])
def test_panels_are_never_built_for_people_without_the_overview(client, people, isolated_registry, role):
    calls = []
    register_test_panel(calls=calls)
    sign_in(client, people[role])
    html = main_content(client.get("/councils/ash/"))
    assert calls == []
    assert "Training booked" not in html
    assert "Last signed in" not in html


@pytest.mark.parametrize("role", ["clerk_a", "chair_a", "deputy_clerk_a", "staff"])
def test_panel_context_gets_the_request_and_council(client, people, council_a, isolated_registry, role):
    calls = []
    register_test_panel(calls=calls)
    sign_in(client, people[role])
    client.get("/councils/ash/")
    assert calls == [(people[role].pk, council_a.pk)]


@pytest.mark.parametrize("position_count", [10, 100])
def test_overview_query_budget_does_not_grow_with_positions(
    client, django_assert_max_num_queries, isolated_registry, position_count
):
    council = council_with_people(position_count)
    register_test_panel()
    clerk = Position.objects.current().get(council=council, role=Position.Role.CLERK).user
    sign_in(client, clerk)
    # user, the viewer's positions (membership and roles), the council with its committee,
    # positions with their people, one panel query.
    with django_assert_max_num_queries(5):
        response = client.get(f"/councils/{council.slug}/")
    assert response.status_code == 200
    assert len(response.context["positions"]) == position_count
    assert main_content(response).count('<tr id="position-') == position_count


@pytest.mark.parametrize("position_count", [10, 100])
def test_public_council_page_query_budget_does_not_grow_with_positions(
    client, django_assert_max_num_queries, position_count
):
    council = council_with_people(position_count)
    sign_in(client, PositionFactory(user=UserFactory()).user)
    with django_assert_max_num_queries(4):
        response = client.get(f"/councils/{council.slug}/")
    assert response.status_code == 200
    assert "Council overview" not in main_content(response)


def test_members_own_recently_left_panel_shows_the_last_year_only(client, people, council_a):
    today = timezone.localdate()
    recent = PositionFactory(
        council=council_a, role=Position.Role.VICE_CHAIR, started_on=datetime.date(2020, 5, 1)
    )
    services.position_end(position=recent, ended_on=today - datetime.timedelta(days=30))
    long_ago = PositionFactory(
        council=council_a, role=Position.Role.RFO, started_on=datetime.date(2015, 1, 1)
    )
    services.position_end(position=long_ago, ended_on=today - datetime.timedelta(days=400))
    elsewhere = PositionFactory(role=Position.Role.CHAIR)
    services.position_end(position=elsewhere)

    assert "members_recently_left" in [panel.key for panel in panels.registered_panels()]
    sign_in(client, people["clerk_a"])
    html = main_content(client.get("/councils/ash/"))
    section = html[html.index('id="panel-members_recently_left"') :]
    assert "Left in the last year" in section
    assert f"{escape(recent.user.full_name)}, vice-chair since 1 May 2020, left on" in section
    assert escape(long_ago.user.full_name) not in section
    assert escape(elsewhere.user.full_name) not in section


def test_overview_queries_with_the_real_registry_do_not_grow_with_positions(client):
    # Whatever panels the installed apps register, the overview costs the same at 10x the people.
    counts = []
    for size in (10, 100):
        council = council_with_people(size)
        for position in list(
            Position.objects.current().filter(council=council, role=Position.Role.COUNCILLOR)
        )[: size // 2]:
            services.position_end(position=position)
        sign_in(client, Position.objects.current().get(council=council, role=Position.Role.CLERK).user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/councils/{council.slug}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
