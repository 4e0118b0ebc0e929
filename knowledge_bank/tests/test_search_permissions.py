"""Search results x every role: each person finds exactly the audiences they may see,
and drafts and archived items never appear for anyone (staff included)."""

import pytest

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.tests.conftest import ROLES

pytestmark = pytest.mark.django_db

PUBLIC = {"public"}
MEMBERS = {"public", "members"}
CLERKS = {"public", "members", "clerks"}
EVERYONE = {"public", "members", "clerks", "staff"}

SEES = {
    "anonymous": PUBLIC,
    "councillor_a": MEMBERS,
    "chair_a": MEMBERS,
    "clerk_a": CLERKS,
    "deputy_clerk_a": CLERKS,
    "clerk_b": CLERKS,
    "no_position": PUBLIC,
    "staff": EVERYONE,
    # Staff without this session's MFA step see what the public sees.
    "staff_password_only": PUBLIC,
    "mediation_officer": PUBLIC,
}


@pytest.fixture
def resources(db):
    """For every audience: a published, a draft and an archived flood plan, all in one hub."""
    hub = HubFactory(name="Resilience", slug="resilience")
    owner = office_author()
    for audience in Resource.Audience.values:
        for status in Resource.Status.values:
            ResourceFactory(
                title=f"Flood plan {audience} {status}",
                summary="Sandbags and rest centres.",
                audience=audience,
                status=status,
                owner=owner,
                hubs=[hub],
            )


def audiences_found(response) -> set[str]:
    found = response.context["results"].results
    assert all(resource.title.endswith(" published") for resource in found), [r.title for r in found]
    return {resource.title.split()[2] for resource in found}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "flood plan"},
        {"q": "flod plna"},
        {},
        {"hub": "resilience"},
        {"q": "sandbags", "hub": "resilience"},
    ],
    ids=["words", "typos", "newest", "hub-filter", "words-and-hub"],
)
def test_search_shows_each_person_exactly_their_audiences(client, login_as, resources, role, params):
    login_as(role)

    response = client.get("/knowledge/search/", params)

    assert response.status_code == 200
    assert audiences_found(response) == SEES[role]
    assert response.context["results"].count == len(SEES[role])
    page = response.content.decode()
    assert " draft" not in page and "archived" not in page


@pytest.mark.parametrize("role", ["anonymous", "councillor_a", "clerk_a", "staff"])
def test_a_title_typed_exactly_never_reveals_a_hidden_resource(client, login_as, role):
    ResourceFactory(title="Confidential clerks pay review", audience=Resource.Audience.CLERKS)
    ResourceFactory(title="Draft staff restructure", audience=Resource.Audience.PUBLIC, status="draft")
    login_as(role)

    clerks = client.get("/knowledge/search/", {"q": "Confidential clerks pay review"})
    drafts = client.get("/knowledge/search/", {"q": "Draft staff restructure"})

    assert (clerks.context["results"].count == 1) is (role in ("clerk_a", "staff"))
    assert drafts.context["results"].count == 0
    assert "search-result" not in drafts.content.decode()
