"""Reads for the knowledge home, What's new and the hub pages. Everything a person
sees here comes through visibility.listable_resources(user), so audiences and
drafts are decided in one place; every read is a fixed number of queries."""

import html
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.html import strip_tags

from knowledge_bank.models import Hub, HubItem, Resource
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
    resources this person may see) and `intro_text` (the intro as plain text). One query."""
    visible_in_hub = (
        listable_resources(user)
        .filter(hub_items__hub=OuterRef("pk"))
        .order_by()
        .values("hub_items__hub")
        .annotate(count=Count("pk"))
        .values("count")
    )
    hubs = list(
        Hub.objects.annotate(
            resource_count=Coalesce(Subquery(visible_in_hub, output_field=IntegerField()), Value(0))
        )
    )
    for hub in hubs:
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
    each. Two queries whatever the hub's size: the ranked rows and the counts."""
    # One row per resource: a resource is in a hub once (hubitem_once_per_hub), so the
    # join to the hub's own HubItem row carries its pin settings without duplicates.
    in_hub = listing_resources(user).filter(hub_items__hub=hub)
    ranked = (
        in_hub.annotate(
            rank_in_kind=Window(
                RowNumber(),
                partition_by=F("kind"),
                order_by=[
                    F("hub_items__pinned").desc(),
                    F("hub_items__pin_order").asc(),
                    F("published_at").desc(),
                    F("pk").desc(),
                ],
            ),
        )
        .filter(rank_in_kind__lte=per_kind)
        .order_by("kind", "rank_in_kind")
    )
    totals = dict(in_hub.order_by().values_list("kind").annotate(count=Count("pk")))
    by_kind: dict[str, list[Resource]] = {}
    for resource in ranked:
        by_kind.setdefault(resource.kind, []).append(resource)
    return [
        HubSection(kind=kind, heading=KIND_PLURALS[kind], resources=by_kind[kind], total=totals[kind])
        for kind in sorted(by_kind, key=_KIND_ORDER.__getitem__)
    ]


def related_resources(user, resource: Resource, *, hub_ids: list[int], limit: int = 5) -> list[Resource]:
    """Up to `limit` other resources this person may see from the same hubs, newest first (one query)."""
    if not hub_ids:
        return []
    same_hubs = HubItem.objects.filter(hub_id__in=hub_ids).values("resource_id")
    others = listing_resources(user).filter(pk__in=same_hubs).exclude(pk=resource.pk)
    return list(others.order_by("-published_at", "-pk")[:limit])
