"""Who sees what on the knowledge home, What's new, a hub page and a resource page:
every kind of resource x every role, with the exact status and whether it is listed."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.tests.conftest import ROLES

pytestmark = pytest.mark.django_db

A = Resource.Audience
S = Resource.Status

# slug -> (audience, status)
RESOURCES = {
    "public-item": (A.PUBLIC, S.PUBLISHED),
    "members-item": (A.MEMBERS, S.PUBLISHED),
    "clerks-item": (A.CLERKS, S.PUBLISHED),
    "staff-item": (A.STAFF, S.PUBLISHED),
    # A members' draft: signed-out visitors get "not found", not a sign-in page that reveals it.
    "draft-item": (A.MEMBERS, S.DRAFT),
    "archived-item": (A.MEMBERS, S.ARCHIVED),
}

PUBLIC_ONLY = {"public-item"}
MEMBERS = PUBLIC_ONLY | {"members-item"}
CLERKS = MEMBERS | {"clerks-item"}
STAFF = CLERKS | {"staff-item"}

# What each role finds in lists (home, What's new, hub): published items in their audiences.
LISTED = {
    "anonymous": PUBLIC_ONLY,
    "councillor_a": MEMBERS,
    "chair_a": MEMBERS,
    "clerk_a": CLERKS,
    "deputy_clerk_a": CLERKS,
    "clerk_b": CLERKS,
    "no_position": PUBLIC_ONLY,
    "staff": STAFF,
    # Staff without this session's MFA step see what the public sees.
    "staff_password_only": PUBLIC_ONLY,
    "mediation_officer": PUBLIC_ONLY,
}

# The resource page: 200, 404, or 302 to sign in (signed-out visitors on members' and
# clerks' items, archived ones included; never for drafts or staff-only items).
DETAIL = {
    "anonymous": {
        "public-item": 200, "members-item": 302, "clerks-item": 302, "staff-item": 404,
        "draft-item": 404, "archived-item": 302,
    },
    **{
        role: {
            "public-item": 200, "members-item": 200, "clerks-item": 404, "staff-item": 404,
            "draft-item": 404, "archived-item": 200,
        }
        for role in ("councillor_a", "chair_a")
    },
    **{
        role: {
            "public-item": 200, "members-item": 200, "clerks-item": 200, "staff-item": 404,
            "draft-item": 404, "archived-item": 200,
        }
        for role in ("clerk_a", "deputy_clerk_a", "clerk_b")
    },
    **{
        role: {
            "public-item": 200, "members-item": 404, "clerks-item": 404, "staff-item": 404,
            "draft-item": 404, "archived-item": 404,
        }
        for role in ("no_position", "mediation_officer", "staff_password_only")
    },
    "staff": dict.fromkeys(RESOURCES, 200),
}  # fmt: skip


@pytest.fixture
def hub(db):
    return HubFactory(name="Climate change hub", slug="climate-change", intro="Getting to net zero.")


@pytest.fixture
def resources(hub):
    owner = office_author(full_name="Olivia Office")
    start = timezone.now() - datetime.timedelta(days=30)
    made = {}
    for offset, (slug, (audience, status)) in enumerate(RESOURCES.items()):
        made[slug] = ResourceFactory(
            title=f"Resource {slug}",
            slug=slug,
            audience=audience,
            status=status,
            owner=owner,
            hubs=[hub],
            published_at=None if status == S.DRAFT else start + datetime.timedelta(days=offset),
        )
    return made


def _listed(html: str) -> set[str]:
    return {slug for slug in RESOURCES if f'href="/knowledge/{slug}/"' in html}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/knowledge/", "/knowledge/new/", "/knowledge/hubs/climate-change/"])
def test_lists_show_exactly_what_each_role_may_see(client, login_as, resources, role, url):
    login_as(role)

    response = client.get(url)

    assert response.status_code == 200, f"{role} GET {url}"
    assert _listed(response.content.decode()) == LISTED[role], f"{role} GET {url}"


@pytest.mark.parametrize("role", ROLES)
def test_hub_card_counts_only_what_each_role_may_see(client, login_as, resources, role):
    login_as(role)

    hubs = client.get("/knowledge/").context["hubs"]

    assert [(hub.slug, hub.resource_count) for hub in hubs] == [("climate-change", len(LISTED[role]))]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", RESOURCES)
def test_resource_page_matrix(client, login_as, resources, role, slug):
    login_as(role)
    url = f"/knowledge/{slug}/"

    response = client.get(url)

    assert response.status_code == DETAIL[role][slug], f"{role} GET {url}"
    if response.status_code == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"
    if response.status_code == 200:
        assert f"<h1>Resource {slug}</h1>" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_unknown_hub_and_resource_are_not_found(client, login_as, role):
    login_as(role)
    assert client.get("/knowledge/hubs/no-such-hub/").status_code == 404
    assert client.get("/knowledge/no-such-resource/").status_code == 404


def test_a_draft_becomes_visible_to_members_only_once_published(client, login_as, resources):
    from knowledge_bank.services.resources import resource_update

    login_as("councillor_a")
    assert client.get("/knowledge/draft-item/").status_code == 404
    resource_update(resource=resources["draft-item"], status=S.PUBLISHED)
    assert client.get("/knowledge/draft-item/").status_code == 200
    assert "draft-item" in _listed(client.get("/knowledge/new/").content.decode())
