"""Reads for the knowledge home, What's new and the hub pages. Everything a person
sees here comes through visibility.listable_resources(user), so audiences and
drafts are decided in one place; every read is a fixed number of queries."""

import html
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Value
from django.utils.html import strip_tags

from kalc_portal.pagination import CountedPaginator, page_of
from knowledge_bank import permissions
from knowledge_bank.models import Hub, HubItem, Resource, Topic
from knowledge_bank.selectors.tallies import published_tallies
from knowledge_bank.selectors.visibility import listable_resources

# How many items of one kind a hub page shows before "See all N ...".
HUB_ITEMS_PER_KIND = 10
WHATS_NEW_ON_HOME = 10

KIND_PLURALS = {
    Resource.Kind.GUIDE: "Best-practice guides",
    Resource.Kind.TOOLKIT: "Toolkits",
    Resource.Kind.TEMPLATE: "Templates",
    Resource.Kind.LEGAL_NOTE: "Legal topic notes",
    Resource.Kind.MODEL_POLICY: "Model policies and declarations",
    Resource.Kind.SURVEY_TEMPLATE: "Survey templates",
    Resource.Kind.BRIEFING: "Briefings",
    Resource.Kind.BLOG_POST: "Blog posts",
    Resource.Kind.VLOG: "Vlogs",
    Resource.Kind.PODCAST: "Podcast episodes",
    Resource.Kind.SUCCESS_STORY: "Success stories",
}
_KIND_ORDER = {kind: index for index, kind in enumerate(Resource.Kind.values)}

# Lists never need the body, its HTML or the search vector: leave them in the database.
_LIST_DEFERRED = ("body", "body_html", "search_vector")


def listing_resources(user) -> QuerySet[Resource]:
    """What lists show, without the heavy columns."""
    return listable_resources(user).defer(*_LIST_DEFERRED)


def hubs_with_counts(user) -> list[Hub]:
    """Every hub in home-page order, each with `resource_count` (how many of its
    resources this person may see, from the cached tallies) and `intro_text` (the intro
    as plain text). One query for the hubs."""
    tallies = published_tallies()
    audiences = permissions.visible_audiences(user)
    hubs = list(Hub.objects.all())
    for hub in hubs:
        hub.resource_count = tallies.hub_total(hub.pk, audiences)
        # Plain text for the card: the intro's words without its markup or entities.
        hub.intro_text = " ".join(html.unescape(strip_tags(hub.intro_html)).split())
    return hubs


def whats_new(user, *, kind: str = "") -> QuerySet[Resource]:
    """Published resources this person may see, newest first (optionally of one kind)."""
    resources = listing_resources(user)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.order_by("-published_at", "-pk")


def hub_by_slug(slug: str) -> Hub | None:
    return Hub.objects.filter(slug=slug).first()


@dataclass(frozen=True)
class HubSection:
    """One kind's block on a hub page: the first few resources and how many there are."""

    kind: str
    heading: str
    resources: list[Resource]
    total: int

    @property
    def has_more(self) -> bool:
        return self.total > len(self.resources)


def hub_sections(user, hub: Hub, *, per_kind: int = HUB_ITEMS_PER_KIND) -> list[HubSection]:
    """The hub's visible resources grouped by kind (in Resource.Kind order); within a
    kind, pinned items first (by pin order), then newest first; at most `per_kind`
    each, with the kind's total from the cached tallies.

    One query whatever the hub's size: a UNION ALL of one LIMITed branch per kind (the
    kind's published resources newest first, from index resource_published_kind_newest,
    each checked for the hub through the hub item's unique index) and the hub's pinned
    items (index hubitem_pinned). Ranking the hub's items by kind instead would read
    every one of them."""
    audiences = permissions.visible_audiences(user)
    shown = listing_resources(user).only("title", "slug", "kind", "summary", "audience", "published_at")
    in_hub = Exists(HubItem.objects.filter(resource=OuterRef("pk"), hub=hub))
    not_pinned = Value(None, output_field=IntegerField())
    newest_of_each_kind = [
        shown.filter(in_hub, kind=kind)
        .annotate(pin_order=not_pinned)
        .order_by("-published_at", "-pk")[:per_kind]
        for kind in Resource.Kind.values
    ]
    pinned = shown.filter(hub_items__hub=hub, hub_items__pinned=True).annotate(
        pin_order=F("hub_items__pin_order")
    )
    rows = pinned.order_by().union(*newest_of_each_kind, all=True)

    pinned_first: dict[str, list[Resource]] = {}
    newest: dict[str, list[Resource]] = {}
    for resource in rows:
        shelf = newest if resource.pin_order is None else pinned_first
        shelf.setdefault(resource.kind, []).append(resource)

    totals = published_tallies().hub_kind_totals(hub.pk, audiences)
    sections = []
    for kind in Resource.Kind.values:
        first = sorted(
            pinned_first.get(kind, []),
            key=lambda item: (item.pin_order, -item.published_at.timestamp(), -item.pk),
        )
        first_ids = {item.pk for item in first}
        rest = sorted(
            (item for item in newest.get(kind, []) if item.pk not in first_ids),
            key=lambda item: (-item.published_at.timestamp(), -item.pk),
        )
        resources = (first + rest)[: max(per_kind, len(first))]
        if resources:
            total = max(totals.get(kind, 0), len(resources))
            sections.append(
                HubSection(kind=kind, heading=KIND_PLURALS[kind], resources=resources, total=total)
            )
    return sections


def related_resources(user, resource: Resource, *, hub_ids: list[int], limit: int = 5) -> list[Resource]:
    """Up to `limit` other resources this person may see from the same hubs, newest first
    (one query: the newest published resources, each checked for a shared hub, until
    `limit` are found)."""
    if not hub_ids:
        return []
    in_same_hub = Exists(HubItem.objects.filter(resource=OuterRef("pk"), hub_id__in=hub_ids))
    others = listing_resources(user).filter(in_same_hub).exclude(pk=resource.pk)
    return list(others.order_by("-published_at", "-pk")[:limit])


def whats_new_page(user, *, kind: str = "", page: object = 1, per_page: int = 20) -> Page:
    """One page of What's new, numbered from the cached tallies instead of a COUNT(*)
    over every visible resource."""
    total = published_tallies().total(permissions.visible_audiences(user), kind=kind)
    return page_of(CountedPaginator(whats_new(user, kind=kind), per_page, count=total), page)


def hub_and_topic_lists() -> tuple[list[Hub], list[Topic]]:
    """Every hub (home-page order) and topic, for the search filters: two queries."""
    return hubs_in_order(), list(Topic.objects.order_by("name"))


def hubs_in_order() -> list[Hub]:
    """Every hub in home-page order (the search and review board filters, the board's sections)."""
    return list(Hub.objects.order_by("position", "name").only("name", "slug", "position"))
