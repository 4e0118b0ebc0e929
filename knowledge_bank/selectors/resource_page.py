"""Reads for /knowledge/<slug>/: the resource (if this person may open it), its hubs,
topics and related resources, and whether a signed-out visitor should be asked to
sign in."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, prefetch_related_objects

from knowledge_bank import permissions
from knowledge_bank.models import FileVersion, Hub, Resource, Topic
from knowledge_bank.selectors.hubs import related_resources

# Audiences a signed-out visitor is asked to sign in for: members' links circulate in
# newsletters. Drafts and staff-only items stay "not found" for everyone outside the office.
SIGN_IN_AUDIENCES = (Resource.Audience.MEMBERS, Resource.Audience.CLERKS)


def resource_for_reader(user, slug: str) -> Resource | None:
    """The resource behind /knowledge/<slug>/ if this person may open it, else None, with
    `has_file_versions` (the file panel skips its query when there is no file)."""
    resource = (
        Resource.objects.defer("search_vector")  # as long as the body, never shown
        .annotate(has_file_versions=Exists(FileVersion.objects.filter(resource=OuterRef("pk"))))
        .filter(slug=slug)
        .first()
    )
    if resource is None or not permissions.can_view_resource(user, resource):
        return None
    return resource


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
    person may see: three queries."""
    hubs, topics = resource_hubs_and_topics(resource)
    related = related_resources(user, resource, hub_ids=[hub.pk for hub in hubs], limit=related_limit)
    return ResourcePageLists(hubs=hubs, topics=topics, related=related)


def needs_sign_in(slug: str) -> bool:
    """Whether /knowledge/<slug>/ is a members' or clerks' resource that signing in may open."""
    return (
        Resource.objects.filter(slug=slug, audience__in=SIGN_IN_AUDIENCES)
        .exclude(status=Resource.Status.DRAFT)
        .exists()
    )
