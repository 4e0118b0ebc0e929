"""My saved items, save and unsave: every URL x every role with the exact status, and
what the pages do."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource, SavedItem
from knowledge_bank.services.resources import resource_update
from knowledge_bank.services.saved import saved_item_add
from knowledge_bank.tests.factories import ResourceFactory
from members.tests.conftest import ROLES

pytestmark = pytest.mark.django_db

SAVERS = ("councillor_a", "chair_a", "clerk_a", "deputy_clerk_a", "clerk_b", "staff")
NOT_SAVERS = ("no_position", "mediation_officer")
# Saving is a staff power for staff: a password-only staff session is sent to confirm the code.
PASSWORD_ONLY_STAFF = "staff_password_only"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"

SAVED_LIST = {
    **dict.fromkeys(SAVERS, 200),
    **dict.fromkeys(NOT_SAVERS, 403),
    "anonymous": 302,
    PASSWORD_ONLY_STAFF: 302,
}
POST_ACTION = {
    **dict.fromkeys(SAVERS, 302),
    **dict.fromkeys(NOT_SAVERS, 403),
    "anonymous": 302,
    PASSWORD_ONLY_STAFF: 302,
}


@pytest.fixture
def guide(db):
    return ResourceFactory(title="Allotments guide", slug="allotments-guide")


@pytest.mark.parametrize("role", ROLES)
def test_saved_list_matrix(client, login_as, role):
    login_as(role)
    response = client.get("/knowledge/saved/")
    assert response.status_code == SAVED_LIST[role], role
    if role == "anonymous":
        assert response["Location"] == "/accounts/login/?next=/knowledge/saved/"
    elif role == PASSWORD_ONLY_STAFF:
        assert response["Location"].startswith(REAUTHENTICATE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["save", "unsave"])
def test_save_and_unsave_are_post_only(client, login_as, guide, role, action):
    login_as(role)
    assert client.get(f"/knowledge/allotments-guide/{action}/").status_code == 405


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["save", "unsave"])
def test_save_and_unsave_matrix(client, login_as, guide, role, action):
    login_as(role)

    response = client.post(f"/knowledge/allotments-guide/{action}/")

    assert response.status_code == POST_ACTION[role], role
    if role == "anonymous":
        assert response["Location"] == "/accounts/login/?next=/knowledge/allotments-guide/"
    elif role == PASSWORD_ONLY_STAFF:
        assert response["Location"].startswith(REAUTHENTICATE)
    elif response.status_code == 302:
        assert response["Location"] == "/knowledge/allotments-guide/"
    expected_saved = action == "save" and role in SAVERS
    assert SavedItem.objects.filter(resource=guide).exists() is expected_saved


@pytest.mark.parametrize("role", ["councillor_a", "chair_a"])
@pytest.mark.parametrize("audience", [Resource.Audience.CLERKS, Resource.Audience.STAFF])
def test_saving_an_item_you_may_not_see_is_not_found(client, login_as, role, audience):
    ResourceFactory(slug="hidden", audience=audience)
    login_as(role)
    assert client.post("/knowledge/hidden/save/").status_code == 404
    assert client.post("/knowledge/hidden/unsave/").status_code == 404
    assert not SavedItem.objects.exists()


def test_saving_a_draft_is_not_found_for_members(client, login_as):
    ResourceFactory(slug="draft", status=Resource.Status.DRAFT)
    login_as("clerk_a")
    assert client.post("/knowledge/draft/save/").status_code == 404


def test_staff_trying_to_save_a_draft_are_told_why(client, login_as):
    ResourceFactory(slug="draft", status=Resource.Status.DRAFT)
    login_as("staff")
    response = client.post("/knowledge/draft/save/", follow=True)
    assert "This resource cannot be saved." in response.content.decode()
    assert not SavedItem.objects.exists()


def test_save_then_remove_from_the_resource_page(client, login_as, guide):
    login_as("councillor_a")
    page = client.get("/knowledge/allotments-guide/").content.decode()
    assert 'action="/knowledge/allotments-guide/save/"' in page

    saved = client.post("/knowledge/allotments-guide/save/", follow=True).content.decode()
    assert "“Allotments guide” is in your saved items." in saved
    assert 'action="/knowledge/allotments-guide/unsave/"' in saved
    assert ">Remove from saved items</button>" in saved

    removed = client.post("/knowledge/allotments-guide/unsave/", follow=True).content.decode()
    assert "“Allotments guide” has been removed from your saved items." in removed
    assert 'action="/knowledge/allotments-guide/save/"' in removed


def test_unsaving_what_was_not_saved_says_so(client, login_as, guide):
    login_as("clerk_a")
    html = client.post("/knowledge/allotments-guide/unsave/", follow=True).content.decode()
    assert "“Allotments guide” was not in your saved items." in html


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/knowledge/saved/?page=2", "/knowledge/saved/?page=2"),
        ("https://evil.example.com/", "/knowledge/allotments-guide/"),
        ("//evil.example.com/", "/knowledge/allotments-guide/"),
        ("javascript:alert(1)", "/knowledge/allotments-guide/"),
    ],
)
def test_next_must_stay_on_the_site(client, login_as, guide, next_url, expected):
    login_as("clerk_a")
    response = client.post("/knowledge/allotments-guide/save/", {"next": next_url})
    assert response["Location"] == expected


def test_resource_page_offers_no_save_button_to_people_who_cannot_save(client, login_as, people):
    ResourceFactory(slug="open", audience=Resource.Audience.PUBLIC)
    for role in ("anonymous", "no_position", "mediation_officer"):
        client.logout()
        login_as(role)
        assert "/knowledge/open/save/" not in client.get("/knowledge/open/").content.decode(), role


def test_saved_list_is_newest_saved_first_and_hides_what_you_can_no_longer_see(client, login_as, people):
    councillor = people["councillor_a"]
    titles = ["Kept first", "Drafted again", "Made clerks-only", "Archived", "Kept last"]
    resources = [ResourceFactory(title=title) for title in titles]
    now = timezone.now()
    for minutes, resource in enumerate(resources):
        item = saved_item_add(user=councillor, resource=resource)
        SavedItem.objects.filter(pk=item.pk).update(saved_at=now - datetime.timedelta(minutes=minutes))
    resource_update(resource=resources[1], status=Resource.Status.DRAFT)
    resource_update(resource=resources[2], audience=Resource.Audience.CLERKS)
    resource_update(resource=resources[3], status=Resource.Status.ARCHIVED)
    saved_item_add(user=people["clerk_a"], resource=ResourceFactory(title="Someone else's"))
    login_as("councillor_a")

    response = client.get("/knowledge/saved/")
    html = response.content.decode()

    assert [item.resource.title for item in response.context["page"]] == ["Kept first", "Kept last"]
    assert "3 items you saved are not shown because they have been withdrawn" in html
    assert "Someone else" not in html
    assert html.count("<h1>") == 1
    assert '<input type="hidden" name="next" value="/knowledge/saved/">' in html
    assert 'Remove<span class="visually-hidden"> Kept first</span> from saved items' in html


def test_a_hidden_item_comes_back_when_it_is_visible_again(client, login_as, people):
    resource = ResourceFactory(title="Back again")
    saved_item_add(user=people["clerk_b"], resource=resource)
    resource_update(resource=resource, status=Resource.Status.ARCHIVED)
    login_as("clerk_b")
    assert "Back again" not in client.get("/knowledge/saved/").content.decode()

    resource_update(resource=resource, status=Resource.Status.PUBLISHED)
    html = client.get("/knowledge/saved/").content.decode()
    assert "Back again" in html and "not shown" not in html


def test_empty_saved_list_explains_how_to_save(client, login_as):
    login_as("chair_a")
    html = client.get("/knowledge/saved/").content.decode()
    assert "You have not saved anything yet." in html


def test_saved_list_pages_by_twenty(client, login_as, people):
    for _ in range(25):
        saved_item_add(user=people["clerk_a"], resource=ResourceFactory())
    login_as("clerk_a")
    first = client.get("/knowledge/saved/").content.decode()
    second = client.get("/knowledge/saved/", {"page": 2})
    assert first.count('class="saved-item"') == 20
    assert second.content.decode().count('class="saved-item"') == 5
    assert 'aria-label="Pages of your saved items"' in first
    # Removing from page 2 comes back to page 2.
    slug = second.context["page"][0].resource.slug
    response = client.post(f"/knowledge/{slug}/unsave/", {"next": "/knowledge/saved/?page=2"})
    assert response["Location"] == "/knowledge/saved/?page=2"
