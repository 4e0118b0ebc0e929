"""The review board shows each hub's earliest due and overdue items (a section per hub,
with a link to the rest), and one hub's items a page at a time; "Mark reviewed" moves an
item's date on and sends staff back where they were."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.selectors import review as review_selectors
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


def section_titles(response) -> dict[str, list[str]]:
    """Each section's hub name ("No hub" for none) and its titles, in the board's order."""
    return {
        section.hub.name if section.hub else "No hub": [entry.title for entry in section.entries]
        for section in response.context["sections"]
    }


def squeezed(response) -> str:
    """The page's HTML with each run of whitespace as one space, to find sentences in it."""
    return " ".join(response.content.decode().split())


def hub_page_titles(response) -> list[str]:
    return [entry.title for entry in response.context["hub_page"].entries]


def test_board_shows_a_section_per_hub_in_home_page_order_with_no_hub_last(client, login_as, board_items):
    HubFactory(name="Allotments", slug="allotments", position=3)  # nothing due: left out
    login_as("staff")

    response = client.get(BOARD)

    assert response.status_code == 200
    # Resilience (position 1) before Climate change (position 2), not alphabetical.
    assert section_titles(response) == {
        "Resilience": ["Flood plan template"],
        "Climate change": ["Flood plan template", "Net zero next steps"],
        "No hub": ["Allotments guide"],
    }
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert (
        f'<h2 class="h4" id="review-hub-{board_items["both"].hub_items.get(hub__slug="resilience").hub_id}">'
        in html
    )
    assert '<h2 class="h4" id="review-hub-none">No hub</h2>' in html
    assert html.count("<section") == html.count("<caption") == 3
    assert "Resources due for review in Climate change, earliest due first" in html
    assert '<option value="' in html and ">Allotments</option>" in html  # still in the hub filter
    assert "10 days overdue" in html and "Due today" in html and "Due in 20 days" in html
    assert '<span class="badge text-bg-secondary">Draft</span>' in html  # drafts are reviewed too
    assert "Sam Patel" in html and "Best-practice guide" in html
    assert f'href="/knowledge/{board_items["both"].slug}/"' in html
    assert html.count(f'action="/knowledge/{board_items["both"].slug}/reviewed/"') == 2
    assert html.count('name="next" value="/knowledge/review/"') == 4
    assert "Old declaration" not in html and "Burial grounds" not in html
    # Counted once, though listed under two hubs.
    assert response.context["total"] == 3 and not response.context["total_capped"]
    assert "3 resources." in squeezed(response)
    assert "See all due" not in html


def test_each_section_shows_its_ten_earliest_and_links_to_the_rest(client, login_as, hubs):
    owner = office_author()
    # Eleven in Resilience, due -20..-10 days, created latest-due first; two share a date.
    for days in range(-10, -21, -1):
        ResourceFactory(
            title=f"Resilience {days}",
            owner=owner,
            hubs=[hubs["resilience"]],
            review_due=days_from_today(days),
        )
    ResourceFactory(
        title="Resilience A", owner=owner, hubs=[hubs["resilience"]], review_due=days_from_today(-15)
    )
    # Exactly ten in Climate change: no link.
    for days in range(10):
        ResourceFactory(
            title=f"Climate {days}", owner=owner, hubs=[hubs["climate"]], review_due=days_from_today(days)
        )
    for days in range(11):
        ResourceFactory(title=f"Nowhere {days}", owner=owner, review_due=days_from_today(days))
    login_as("staff")

    response = client.get(BOARD, {"window": "30"})

    sections = {section.hub_value: section for section in response.context["sections"]}
    resilience = sections[str(hubs["resilience"].pk)]
    assert [entry.title for entry in resilience.entries] == [
        "Resilience -20", "Resilience -19", "Resilience -18", "Resilience -17", "Resilience -16",
        "Resilience -15", "Resilience A", "Resilience -14", "Resilience -13", "Resilience -12",
    ]  # fmt: skip
    assert resilience.has_more
    climate = sections[str(hubs["climate"].pk)]
    assert len(climate.entries) == 10 and not climate.has_more
    assert sections["none"].has_more and len(sections["none"].entries) == 10
    html = response.content.decode()
    resilience_pk = hubs["resilience"].pk
    assert (
        f'<a href="/knowledge/review/?hub={resilience_pk}&amp;window=30">See all due in Resilience</a>'
        in html
    )
    assert '<a href="/knowledge/review/?hub=none&amp;window=30">See all due with no hub</a>' in html
    assert "See all due in Climate change" not in html
    assert html.count("The 10 earliest are shown; more are due.") == 2
    assert response.context["total"] == 12 + 10 + 11

    followed = client.get(BOARD, {"hub": hubs["resilience"].pk, "window": "30"})
    assert len(hub_page_titles(followed)) == 12 and hub_page_titles(followed)[-1] == "Resilience -10"
    assert "12 items." in squeezed(followed)


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
    assert {title for titles in section_titles(response).values() for title in titles} == expected


def test_board_filters_by_hub_and_by_no_hub(client, login_as, board_items, hubs):
    login_as("staff")

    climate = client.get(BOARD, {"hub": hubs["climate"].pk})
    no_hub = client.get(BOARD, {"hub": "none", "window": "90"})

    assert hub_page_titles(climate) == ["Flood plan template", "Net zero next steps"]
    assert section_titles(climate) == {"Climate change": ["Flood plan template", "Net zero next steps"]}
    assert hub_page_titles(no_hub) == ["Allotments guide", "Burial grounds"]
    html = no_hub.content.decode()
    assert html.count("<h1") == 1 and '<h2 class="h4" id="review-hub-none">No hub</h2>' in html
    assert "in no hub: 2 items." in squeezed(no_hub)
    assert '<a href="/knowledge/review/?window=90">Back to every hub</a>' in html
    assert "Old declaration" not in html  # archived, though in no hub and long overdue


def test_hub_page_says_when_nothing_is_due_there(client, login_as, board_items, hubs):
    login_as("staff")
    html = client.get(BOARD, {"hub": hubs["resilience"].pk, "window": "overdue"}).content.decode()
    assert "Flood plan template" in html
    html = client.get(BOARD, {"hub": "none", "window": "overdue"}).content.decode()
    assert "Allotments guide" in html
    empty = HubFactory(name="Allotments", slug="allotments")
    html = squeezed(client.get(BOARD, {"hub": empty.pk}))
    assert "Nothing is due for review in Allotments in this period." in html
    assert "<section" not in html and "in Allotments: 0 items." in html


@pytest.fixture
def sixty_in_resilience(hubs):
    owner = office_author()
    # Created in reverse so that neither insertion order nor primary key gives the order.
    return [
        ResourceFactory(
            title=f"Item {number:02d}",
            owner=owner,
            hubs=[hubs["resilience"]],
            review_due=days_from_today(number - 70),
        )
        for number in range(60, 0, -1)
    ]


def test_hub_page_lists_fifty_a_page_earliest_first(client, login_as, hubs, sixty_in_resilience):
    login_as("staff")
    url = BOARD
    query = {"hub": hubs["resilience"].pk, "window": "overdue"}

    first = client.get(url, query)
    second = client.get(url, {**query, "page": 2})

    assert hub_page_titles(first) == [f"Item {number:02d}" for number in range(1, 51)]
    assert hub_page_titles(second) == [f"Item {number:02d}" for number in range(51, 61)]
    html = first.content.decode()
    assert html.count('class="review-row"') == 50
    assert "60 items. Page 1 of 2." in squeezed(first)
    assert "Next page" in html and f"?hub={hubs['resilience'].pk}&amp;window=overdue&amp;page=2" in html
    assert "See all due" not in html
    assert 'value="/knowledge/review/?hub=' in html  # Mark reviewed returns to this page


@pytest.mark.parametrize(
    "page, shown, notice",
    [
        ("abc", 1, "That page does not exist, so this is page 1 of 2."),
        ("0", 1, "That page does not exist, so this is page 1 of 2."),
        ("9999", 2, "That page does not exist, so this is page 2 of 2."),
        ("2", 2, ""),
    ],
)
def test_hub_page_answers_a_bad_page_with_a_real_one(
    client, login_as, hubs, sixty_in_resilience, page, shown, notice
):
    login_as("staff")

    response = client.get(BOARD, {"hub": hubs["resilience"].pk, "page": page})

    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert response.context["hub_page"].page_notice == notice
    if notice:
        assert notice in response.content.decode()


def test_hub_page_count_stops_at_the_cap(client, login_as, hubs, sixty_in_resilience, monkeypatch):
    monkeypatch.setattr(review_selectors, "COUNT_CAP", 20)
    monkeypatch.setattr(review_selectors, "PAGE_SIZE", 10)
    login_as("staff")

    response = client.get(BOARD, {"hub": hubs["resilience"].pk, "page": "3"})

    hub_page = response.context["hub_page"]
    assert hub_page.count == 20 and hub_page.count_capped
    assert "more than 20 items. The board lists the earliest 20" in squeezed(response)
    # Pages stop at the cap: page 3 would start at item 21, so page 2 is shown.
    assert response.context["page"].number == 2 and response.context["page"].paginator.num_pages == 2
    assert hub_page_titles(response) == [f"Item {number:02d}" for number in range(11, 21)]


def test_board_total_stops_at_the_cap(client, login_as, board_items, monkeypatch):
    monkeypatch.setattr(review_selectors, "COUNT_CAP", 2)
    login_as("staff")
    response = client.get(BOARD)
    assert response.context["total"] == 2 and response.context["total_capped"]
    assert "more than 2 resources." in squeezed(response)


def test_board_shows_an_error_next_to_an_unknown_hub_and_falls_back_to_all(client, login_as, board_items):
    login_as("staff")
    response = client.get(BOARD, {"hub": "99999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a hub from the list." in html
    assert "Flood plan template" in html and "hub_page" not in response.context


def test_empty_board_says_so(client, login_as):
    login_as("staff")
    html = squeezed(client.get(BOARD))
    assert "Nothing is due for review in this period." in html
    assert "0 resources." in html and "<section" not in html


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
    assert hub_page_titles(response) == ["Net zero next steps"]


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


def test_a_review_or_a_new_owner_name_shows_on_the_next_view(client, login_as, board_items):
    from knowledge_bank.services.review import resource_mark_reviewed

    login_as("staff")
    assert client.get(BOARD).context["total"] == 3

    # Reviewing an item takes it off the board on the next view.
    resource_mark_reviewed(resource=board_items["climate_soon"], reviewed_by=office_author())
    after_review = client.get(BOARD)
    assert "Net zero next steps" not in section_titles(after_review)["Climate change"]
    assert after_review.context["total"] == 2

    owner = board_items["both"].owner
    owner.full_name = "Sam Patel-Jones"
    owner.save()
    assert "Sam Patel-Jones" in client.get(BOARD).text
