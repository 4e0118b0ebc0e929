"""The RSS and Atom feeds: valid XML, newest public published resources only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from knowledge_bank.feeds import FEED_SIZE
from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def mixed(db):
    """One published resource per audience, plus a public draft and a public archived item."""
    hub = HubFactory(name="Climate change", slug="climate-change")
    owner = office_author()
    made = {}
    for audience in Resource.Audience.values:
        made[audience] = ResourceFactory(
            title=f"{audience.title()} climate guide",
            summary=f"For the {audience} audience <b>only</b> & nobody else.",
            kind="toolkit",
            audience=audience,
            owner=owner,
            hubs=[hub],
        )
    ResourceFactory(title="Public draft", audience="public", status="draft", owner=owner)
    ResourceFactory(title="Public archived", audience="public", status="archived", owner=owner)
    return made


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 - the feed our own code just wrote


def rss_items(response):
    root = parse(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel").findall("item")


@pytest.mark.parametrize("role", ["anonymous", "clerk_a", "staff"])
def test_rss_lists_only_public_published_items_whoever_asks(client, login_as, mixed, role):
    login_as(role)

    response = client.get("/knowledge/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = rss_items(response)
    assert [item.findtext("title") for item in items] == ["Public climate guide"]
    item = items[0]
    public = mixed["public"]
    assert item.findtext("link") == f"http://testserver/knowledge/{public.slug}/"
    assert {category.text for category in item.findall("category")} == {"Toolkit", "Climate change"}
    assert item.findtext("pubDate")
    # The summary is plain text: readers treat descriptions as HTML, so it is escaped once more.
    assert (
        item.findtext("description") == "For the public audience &lt;b&gt;only&lt;/b&gt; &amp; nobody else."
    )


@pytest.mark.parametrize("role", ["anonymous", "councillor_a"])
def test_atom_lists_only_public_published_items(client, login_as, mixed, role):
    login_as(role)

    response = client.get("/knowledge/feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Public climate guide"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/knowledge/{mixed['public'].slug}/"
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"Toolkit", "Climate change"}
    assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/knowledge/feed/atom/"


def test_feeds_hold_the_newest_thirty_newest_first(client, django_assert_max_num_queries):
    owner = office_author()
    now = timezone.now()
    for day in range(FEED_SIZE + 5):
        resource = ResourceFactory(title=f"Public item {day}", audience="public", owner=owner)
        Resource.objects.filter(pk=resource.pk).update(published_at=now - datetime.timedelta(days=day))

    with django_assert_max_num_queries(3):
        response = client.get("/knowledge/feed/")

    titles = [item.findtext("title") for item in rss_items(response)]
    assert titles == [f"Public item {day}" for day in range(FEED_SIZE)]


def test_empty_feeds_are_still_valid(client):
    assert rss_items(client.get("/knowledge/feed/")) == []
    root = parse(client.get("/knowledge/feed/atom/"))
    assert root.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("url", ["/knowledge/feed/", "/knowledge/feed/atom/"])
def test_a_new_resource_shows_in_the_next_feed(client, mixed, url, django_assert_max_num_queries):
    # The site, the newest resources and their hubs: the same at any size.
    with django_assert_max_num_queries(3):
        first = client.get(url)

    ResourceFactory(title="Brand new public toolkit", audience="public", owner=office_author())
    fresh = client.get(url)
    assert b"Brand new public toolkit" in fresh.content
    assert b"Brand new public toolkit" not in first.content
