"""The knowledge home, What's new, a hub page and a resource page run a fixed number of
queries whatever the amount of content: asserted at 100 and 1,000 resources in a hub."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.models import Hub, HubItem, Resource
from knowledge_bank.selectors import tallies
from knowledge_bank.services.resources import resource_search_vector_refresh
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory, office_author

pytestmark = pytest.mark.django_db

# Signed in (sessions live in Redis): the user and the person's roles, once each; then the
# page's own reads, whatever the number of resources. Counts come from the cached tallies:
# the first view after the catalogue changes recounts them (two grouped queries), as here,
# where every measured view follows new data; later views read them from the cache
# (knowledge_bank/tests/test_tallies.py).
TALLY_RECOUNT = 2
HOME_BUDGET = 4 + TALLY_RECOUNT  # + the hubs, the ten newest
WHATS_NEW_BUDGET = 3 + TALLY_RECOUNT  # + the page
HUB_BUDGET = 4 + TALLY_RECOUNT  # + the hub, the pinned and newest items of each kind (one UNION)
# + the resource, its hubs, topics, related items, "saved?", and the files panel's own
# read(s) (one today; one to spare for that panel).
RESOURCE_BUDGET = 9

AUDIENCES = [Resource.Audience.PUBLIC, Resource.Audience.MEMBERS, Resource.Audience.CLERKS]


def bulk_resources(count: int, *, hubs: list[Hub], owner, prefix: str) -> list[Resource]:
    """Published resources of every kind and audience, straight into the hubs (fast, for volume)."""
    now = timezone.now()
    kinds = Resource.Kind.values
    resources = Resource.objects.bulk_create(
        Resource(
            title=f"{prefix} resource {i}",
            slug=f"{prefix}-{i}",
            kind=kinds[i % len(kinds)],
            summary="How a parish council runs its allotments, from tenancy to rent review.",
            body="Allotment tenancies, rents and the Allotments Act 1950.",
            body_html="<p>Allotment tenancies, rents and the Allotments Act 1950.</p>",
            audience=AUDIENCES[i % len(AUDIENCES)],
            owner=owner,
            status=Resource.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=i),
        )
        for i in range(count)
    )
    HubItem.objects.bulk_create(
        HubItem(hub=hub, resource=resource, pinned=i % 40 == 0, pin_order=i % 7)
        for hub in hubs
        for i, resource in enumerate(resources)
    )
    resource_search_vector_refresh(resource_ids=[r.pk for r in resources])
    tallies.catalogue_changed()  # written around the services, as the seed commands do
    return resources


@pytest.fixture
def owner(db):
    return office_author()


@pytest.fixture
def hubs(db):
    return [HubFactory(slug="climate-change", name="Climate change hub"), HubFactory(), HubFactory()]


@pytest.mark.parametrize("role", ["anonymous", "councillor_a", "clerk_a", "staff"])
@pytest.mark.parametrize(
    "url, budget",
    [
        ("/knowledge/", HOME_BUDGET),
        ("/knowledge/new/", WHATS_NEW_BUDGET),
        ("/knowledge/new/?kind=toolkit&page=2", WHATS_NEW_BUDGET),
        ("/knowledge/hubs/climate-change/", HUB_BUDGET),
    ],
)
def test_list_pages_hold_their_budget_at_100_and_1000_resources(
    client, login_as, django_assert_max_num_queries, hubs, owner, role, url, budget
):
    login_as(role)
    bulk_resources(100, hubs=hubs, owner=owner, prefix="small")
    with django_assert_max_num_queries(budget):
        small = client.get(url)
    assert small.status_code == 200

    bulk_resources(900, hubs=hubs, owner=owner, prefix="large")
    with django_assert_max_num_queries(budget):
        large = client.get(url)
    assert large.status_code == 200


def test_hub_page_at_1000_resources_shows_ten_per_kind_and_true_totals(client, login_as, hubs, owner):
    bulk_resources(1000, hubs=hubs, owner=owner, prefix="bulk")
    login_as("clerk_a")  # public, members' and clerks' items: all 1,000

    sections = client.get("/knowledge/hubs/climate-change/").context["sections"]

    assert [section.kind for section in sections] == Resource.Kind.values
    assert all(len(section.resources) == 10 for section in sections)
    assert sum(section.total for section in sections) == 1000


def test_resource_page_queries_do_not_grow_with_hubs_topics_or_related_items(
    client, login_as, django_assert_max_num_queries, hubs, owner
):
    login_as("councillor_a")
    lone = ResourceFactory(title="On its own")
    with django_assert_max_num_queries(RESOURCE_BUDGET):
        assert client.get(f"/knowledge/{lone.slug}/").status_code == 200

    busy = ResourceFactory(
        title="In every hub", hubs=hubs, topics=[TopicFactory() for _ in range(6)], owner=owner
    )
    bulk_resources(200, hubs=hubs, owner=owner, prefix="neighbour")
    with django_assert_max_num_queries(RESOURCE_BUDGET):
        response = client.get(f"/knowledge/{busy.slug}/")
    assert len(response.context["related"]) == 5
    assert len(response.context["hubs"]) == 3 and len(response.context["topics"]) == 6
