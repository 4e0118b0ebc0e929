"""Repeated searches come from the cache (selectors/search_cache.py), and the cache never
shows a reader what they may not see or what has since changed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge_bank.models import Resource
from knowledge_bank.selectors.search_cache import CACHE_AFTER
from knowledge_bank.services import resources as resource_services
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/knowledge/search/"
RESOURCE_TABLE = Resource._meta.db_table


def search(client, params):
    """(the result titles, whether the search read the resources table)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    read_resources = any(RESOURCE_TABLE in query["sql"] for query in captured.captured_queries)
    return [resource.title for resource in response.context["results"].results], read_resources, response


def results_markup(response) -> str:
    return re.search(r'<ol class="list-unstyled search-results".*?</ol>', response.text, re.S).group(0)


def test_a_search_asked_again_is_served_from_the_cache(client, login_as):
    login_as("clerk_a")
    ResourceFactory(
        title="Climate change action plan",
        summary="What a council can do about climate change.",
        audience=Resource.Audience.MEMBERS,
        hubs=[HubFactory(name="Climate change", slug="climate-change")],
    )
    ResourceFactory(title="Tree planting and climate change", audience=Resource.Audience.CLERKS)
    params = {"q": "climate change"}

    for _ in range(CACHE_AFTER):
        titles, read_resources, uncached = search(client, params)
        assert read_resources
    cached_titles, read_resources, response = search(client, params)

    assert not read_resources
    assert (
        sorted(cached_titles)
        == sorted(titles)
        == ["Climate change action plan", "Tree planting and climate change"]
    )
    # The same markup, highlighted excerpts and hub links included.
    assert results_markup(response) == results_markup(uncached)
    assert "<mark>climate</mark>" in results_markup(response).lower()


def test_a_search_asked_once_is_not_kept(client, login_as):
    login_as("clerk_a")
    ResourceFactory(title="Allotment tenancy guide")
    search(client, {"q": "allotment"})
    # A different search (other words, filters or page) is a different entry.
    for params in (
        {"q": "allotments guide"},
        {"q": "allotment", "kind": "guide"},
        {"q": "allotment", "page": "2"},
    ):
        assert search(client, params)[1]


def test_one_audiences_cached_results_never_reach_another(client, login_as):
    ResourceFactory(title="Clerks' pay scales", audience=Resource.Audience.CLERKS)
    ResourceFactory(title="Public pay policy", audience=Resource.Audience.PUBLIC)
    login_as("clerk_a")
    for _ in range(CACHE_AFTER + 1):
        clerk_titles = search(client, {"q": "pay"})[0]
    assert sorted(clerk_titles) == ["Clerks' pay scales", "Public pay policy"]

    client.logout()
    public_titles, read_resources, _ = search(client, {"q": "pay"})
    assert public_titles == ["Public pay policy"]
    assert read_resources

    login_as("councillor_a")
    assert search(client, {"q": "pay"})[0] == ["Public pay policy"]


def test_a_write_shows_on_the_next_search(client, login_as):
    login_as("clerk_a")
    guide = ResourceFactory(title="Flood plan guide", hubs=[HubFactory(name="Resilience", slug="resilience")])
    for _ in range(CACHE_AFTER + 1):
        search(client, {"q": "flood"})

    ResourceFactory(title="Flood wardens toolkit")
    titles, read_resources, _ = search(client, {"q": "flood"})
    assert read_resources
    assert sorted(titles) == ["Flood plan guide", "Flood wardens toolkit"]

    for _ in range(CACHE_AFTER + 1):
        search(client, {"q": "flood"})
    resource_services.resource_update(resource=guide, status=Resource.Status.ARCHIVED)
    assert search(client, {"q": "flood"})[0] == ["Flood wardens toolkit"]


def test_a_hub_rename_shows_in_cached_results(client, login_as):
    login_as("clerk_a")
    hub = HubFactory(name="Resilience", slug="resilience")
    ResourceFactory(title="Flood plan guide", hubs=[hub])
    for _ in range(CACHE_AFTER + 1):
        response = search(client, {"q": "flood"})[2]
    assert ">Resilience</a>" in response.text

    resource_services.hub_save(name="Emergency planning", slug="resilience")
    response = search(client, {"q": "flood"})[2]
    assert ">Emergency planning</a>" in response.text


@pytest.mark.parametrize("bad_page", ["abc", "999"])
def test_a_page_that_does_not_exist_is_never_served_from_the_cache(client, login_as, bad_page):
    login_as("clerk_a")
    ResourceFactory(title="Precept guide")
    for _ in range(CACHE_AFTER + 1):
        search(client, {"q": "precept"})
        _, read_resources, response = search(client, {"q": "precept", "page": bad_page})
        assert read_resources
        assert "That page does not exist, so this is page 1 of 1." in response.text


def test_new_hubs_and_topics_appear_in_the_filters_at_once(client, login_as):
    login_as("clerk_a")
    ResourceFactory(title="Flood plan guide")
    for _ in range(CACHE_AFTER + 1):
        response = search(client, {"q": "flood"})[2]
    assert "Woodland" not in response.text

    topic = TopicFactory(name="Woodland")
    HubFactory(name="Rural agenda", slug="rural-agenda")
    response = search(client, {"q": "flood"})[2]
    assert '<option value="woodland">Woodland</option>' in response.text
    assert '<option value="rural-agenda">Rural agenda</option>' in response.text
    assert search(client, {"q": "flood", "topic": topic.slug})[2].context["filter_form"].is_valid()


def test_the_search_cache_can_be_switched_off(client, login_as, settings):
    settings.KNOWLEDGE_SEARCH_CACHE = False
    login_as("clerk_a")
    ResourceFactory(title="Precept guide")
    for _ in range(CACHE_AFTER + 2):
        assert search(client, {"q": "precept"})[1]
