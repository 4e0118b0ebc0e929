"""Reads for /knowledge/<slug>/ beyond visibility.resource_for_page: the hubs and
topics shown on the page, and whether a signed-out visitor should be asked to sign in."""

from django.db.models import prefetch_related_objects

from knowledge_bank.models import Hub, Resource, Topic

# Audiences a signed-out visitor is asked to sign in for: members' links circulate in
# newsletters. Drafts and staff-only items stay "not found" for everyone outside the office.
SIGN_IN_AUDIENCES = (Resource.Audience.MEMBERS, Resource.Audience.CLERKS)


def resource_hubs_and_topics(resource: Resource) -> tuple[list[Hub], list[Topic]]:
    """The resource's hubs (home-page order) and topics, in two queries."""
    prefetch_related_objects([resource], "hubs", "topics")
    return list(resource.hubs.all()), list(resource.topics.all())


def needs_sign_in(slug: str) -> bool:
    """Whether /knowledge/<slug>/ is a members' or clerks' resource that signing in may open."""
    return (
        Resource.objects.filter(slug=slug, audience__in=SIGN_IN_AUDIENCES)
        .exclude(status=Resource.Status.DRAFT)
        .exists()
    )
