"""Reads for /knowledge/<slug>/ beyond visibility.resource_for_page: the hubs, topics
and related resources shown on the page, and whether a signed-out visitor should be
asked to sign in."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import prefetch_related_objects

from knowledge_bank.models import Hub, Resource, Topic
from knowledge_bank.selectors.hubs import listing_version, related_resources
from knowledge_bank.selectors.tallies import TALLIES_SECONDS

# Audiences a signed-out visitor is asked to sign in for: members' links circulate in
# newsletters. Drafts and staff-only items stay "not found" for everyone outside the office.
SIGN_IN_AUDIENCES = (Resource.Audience.MEMBERS, Resource.Audience.CLERKS)


def resource_hubs_and_topics(resource: Resource) -> tuple[list[Hub], list[Topic]]:
    """The resource's hubs (home-page order) and topics, in two queries."""
    prefetch_related_objects([resource], "hubs", "topics")
    return list(resource.hubs.all()), list(resource.topics.all())


@dataclass(frozen=True)
class ResourcePageLists:
    hubs: list[Hub]
    topics: list[Topic]
    related: list[Resource]


def resource_page_lists(user, resource: Resource, *, related_limit: int) -> ResourcePageLists:
    """The resource's hubs and topics and up to `related_limit` related resources this
    person may see: three queries, kept in the cache under the listing version (the
    catalogue's version and the reader's audiences; every write to resources, hubs and
    topics moves it on) and the resource's own last update."""
    key = (
        f"knowledge:resource-lists:{listing_version(user)}:{resource.pk}:"
        f"{resource.updated_at.timestamp()}:{related_limit}"
    )
    lists = cache.get(key)
    if lists is None:
        hubs, topics = resource_hubs_and_topics(resource)
        related = related_resources(user, resource, hub_ids=[hub.pk for hub in hubs], limit=related_limit)
        lists = ResourcePageLists(hubs=hubs, topics=topics, related=related)
        cache.set(key, lists, TALLIES_SECONDS)
    return lists


def needs_sign_in(slug: str) -> bool:
    """Whether /knowledge/<slug>/ is a members' or clerks' resource that signing in may open."""
    return (
        Resource.objects.filter(slug=slug, audience__in=SIGN_IN_AUDIENCES)
        .exclude(status=Resource.Status.DRAFT)
        .exists()
    )
