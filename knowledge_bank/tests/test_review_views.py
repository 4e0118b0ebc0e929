"""The review board groups due and overdue items by hub; "Mark reviewed" moves an
item's date on and sends staff back where they were."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.services.resources import add_months
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author

pytestmark = pytest.mark.django_db

BOARD = "/knowledge/review/"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def hubs():
    return {
        "resilience": HubFactory(name="Resilience", slug="resilience", review_interval_months=6, position=1),
        "climate": HubFactory(name="Climate change", slug="climate-change", position=2),
    }


@pytest.fixture
def board_items(hubs):
    owner = office_author(full_name="Sam Patel")
    return {
        "both": ResourceFactory(
            title="Flood plan template",
            owner=owner,
            hubs=[hubs["resilience"], hubs["climate"]],
            review_due=days_from_today(-10),
        ),
        "climate_soon": ResourceFactory(
            title="Net zero next steps", owner=owner, hubs=[hubs["climate"]], review_due=days_from_today(20)
        ),
        "nowhere_today": ResourceFactory(
            title="Allotments guide", owner=owner, review_due=timezone.localdate(), status="draft"
        ),
        "later": ResourceFactory(title="Burial grounds", owner=owner, review_due=days_from_today(60)),
        "archived": ResourceFactory(
            title="Old declaration", owner=owner, review_due=days_from_today(-300), status="archived"
        ),
    }


def group_titles(response) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for entry in response.context["page"].object_list:
        groups.setdefault(entry.board_hub_name or "No hub", []).append(entry.title)
    return groups


def test_board_groups_due_items_by_hub_with_no_hub_last(client, login_as, board_items):
    login_as("staff")

    response = client.get(BOARD)

    assert response.status_code == 200
    assert group_titles(response) == {
        "Resilience": ["Flood plan template"],
        "Climate change": ["Flood plan template", "Net zero next steps"],
        "No hub": ["Allotments guide"],
    }
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<h2 class="h4" id="review-hub-1">Resilience</h2>' in html
    assert '<h2 class="h4" id="review-hub-3">No hub</h2>' in html
    assert "10 days overdue" in html and "Due today" in html and "Due in 20 days" in html
    assert "Sam Patel" in html and "Best-practice guide" in html
    assert f'href="/knowledge/{board_items["both"].slug}/"' in html
    assert html.count(f'action="/knowledge/{board_items["both"].slug}/reviewed/"') == 2
    assert "Old declaration" not in html and "Burial grounds" not in html


@pytest.mark.parametrize(
    "window, expected",
    [
        ("overdue", {"Flood plan template", "Allotments guide"}),
        ("30", {"Flood plan template", "Allotments guide", "Net zero next steps"}),
        ("90", {"Flood plan template", "Allotments guide", "Net zero next steps", "Burial grounds"}),
    ],
)
def test_board_filters_by_window(client, login_as, board_items, window, expected):
    login_as("staff")
    response = client.get(BOARD, {"window": window})
    assert {title for titles in group_titles(response).values() for title in titles} == expected


def test_board_filters_by_hub_and_by_no_hub(client, login_as, board_items, hubs):
    login_as("staff")

    climate = client.get(BOARD, {"hub": hubs["climate"].pk})
    no_hub = client.get(BOARD, {"hub": "none", "window": "90"})

    assert group_titles(climate) == {"Climate change": ["Flood plan template", "Net zero next steps"]}
    assert group_titles(no_hub) == {"No hub": ["Allotments guide", "Burial grounds"]}


def test_board_shows_an_error_next_to_an_unknown_hub_and_falls_back_to_all(client, login_as, board_items):
    login_as("staff")
    response = client.get(BOARD, {"hub": "99999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a hub from the list." in html
    assert "Flood plan template" in html


def test_empty_board_says_so(client, login_as):
    login_as("staff")
    html = client.get(BOARD).content.decode()
    assert "Nothing is due for review in this period." in html


def test_mark_reviewed_moves_the_date_and_returns_to_the_board_with_its_filters(
    client, login_as, board_items, hubs
):
    staff = login_as("staff")
    resource = board_items["both"]
    back = f"{BOARD}?hub={hubs['climate'].pk}&window=30"

    response = client.post(f"/knowledge/{resource.slug}/reviewed/", {"next": back}, follow=True)

    assert response.redirect_chain == [(back, 302)]
    resource.refresh_from_db()
    assert resource.review_due == add_months(timezone.localdate(), 6)  # the resilience hub's interval
    assert resource.history.first().history_user == staff
    html = response.content.decode()
    assert "“Flood plan template” is marked reviewed." in html
    assert group_titles(response) == {"Climate change": ["Net zero next steps"]}


def test_mark_reviewed_keeps_a_note_and_ignores_an_outside_next(client, login_as, board_items):
    login_as("staff")
    resource = board_items["later"]

    response = client.post(
        f"/knowledge/{resource.slug}/reviewed/", {"next": "https://evil.example.com/", "note": "Fees checked"}
    )

    assert response.status_code == 302 and response["Location"] == BOARD
    resource.refresh_from_db()
    assert resource.history.first().history_change_reason == "Reviewed: Fees checked"


def test_mark_reviewed_refuses_an_archived_item_with_a_message(client, login_as, board_items):
    login_as("staff")
    resource = board_items["archived"]

    response = client.post(f"/knowledge/{resource.slug}/reviewed/", follow=True)

    assert "This resource is archived, so it is not reviewed any more." in response.content.decode()
    resource.refresh_from_db()
    assert resource.review_due == days_from_today(-300)


def test_mark_reviewed_refuses_an_overlong_note_and_changes_nothing(client, login_as, board_items):
    login_as("staff")
    resource = board_items["both"]
    response = client.post(f"/knowledge/{resource.slug}/reviewed/", {"note": "x" * 301}, follow=True)
    assert "Keep the review note under 300 characters." in response.content.decode()
    resource.refresh_from_db()
    assert resource.review_due == days_from_today(-10)


def test_staff_tools_partial_shows_the_record_links_and_the_overdue_badge(rf, board_items):
    from django.template.loader import render_to_string

    from members.tests.factories import staff_user

    staff = staff_user()
    request = rf.get("/")
    request.user = staff
    overdue = board_items["both"]

    html = render_to_string(
        "knowledge_bank/_partials/resource_staff_tools.html", {"resource": overdue, "user": staff}, request
    )

    assert "Published" in html and "Members" in html and "Sam Patel" in html
    assert '<span class="badge text-bg-danger">Overdue</span>' in html
    assert f'href="/admin/knowledge_bank/resource/{overdue.pk}/change/"' in html
    assert f'href="/knowledge/{overdue.slug}/upload/"' in html
    assert f'action="/knowledge/{overdue.slug}/reviewed/"' in html
    assert 'name="csrfmiddlewaretoken"' in html

    later = render_to_string(
        "knowledge_bank/_partials/resource_staff_tools.html",
        {"resource": board_items["later"], "user": staff},
        request,
    )
    assert "Overdue" not in later and "Due today" not in later
    today = render_to_string(
        "knowledge_bank/_partials/resource_staff_tools.html",
        {"resource": board_items["nowhere_today"], "user": staff},
        request,
    )
    assert "Due today" in today and "(members cannot see it)" in today
    archived = render_to_string(
        "knowledge_bank/_partials/resource_staff_tools.html",
        {"resource": board_items["archived"], "user": staff},
        request,
    )
    assert "Mark reviewed" not in archived and "Overdue" not in archived
    assert Resource.objects.get(pk=board_items["archived"].pk).status == "archived"
