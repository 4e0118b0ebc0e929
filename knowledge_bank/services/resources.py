"""Writing resources and hubs: Markdown is rendered and sanitised, the search
vector is rebuilt and review dates are set here, on every write path (site,
admin, seed commands), so nothing depends on save() or signals."""

import datetime
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from knowledge_bank.models import RESERVED_RESOURCE_SLUGS, SEARCH_CONFIG, Hub, HubItem, Resource, Topic
from knowledge_bank.rendering import render_markdown
from knowledge_bank.selectors import tallies

DEFAULT_REVIEW_INTERVAL_MONTHS = 12

RESOURCE_FIELDS = (
    "title", "slug", "kind", "summary", "body", "audience", "owner", "status",
    "published_at", "review_due", "embed_url",
)  # fmt: skip


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def review_interval_months(resource: Resource) -> int:
    """The shortest review interval among the resource's hubs (resilience: 6), else 12."""
    intervals = [hub.review_interval_months for hub in resource.hubs.all()]
    return min(intervals, default=DEFAULT_REVIEW_INTERVAL_MONTHS)


def next_review_due(resource: Resource, *, from_day: datetime.date | None = None) -> datetime.date:
    return add_months(from_day or timezone.localdate(), review_interval_months(resource))


def unique_resource_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180] or "resource"
    taken = set(
        Resource.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    taken |= RESERVED_RESOURCE_SLUGS
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def resource_search_vector_refresh(*, resource_ids: Iterable[int]) -> int:
    """Rebuild the stored search vector (title A, summary B, body C) for these resources."""
    return Resource.objects.filter(pk__in=list(resource_ids)).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


@transaction.atomic
def resource_derived_fields_refresh(*, resource: Resource) -> Resource:
    """Render the body, date a publication, default the review date and reindex.

    Every write path ends here (the admin calls it after saving the form and its
    inlines, because the hubs decide the review interval)."""
    resource.body_html = render_markdown(resource.body)
    resource.published_at = _publication_date(resource.status, resource.published_at)
    if resource.review_due is None and resource.status != Resource.Status.ARCHIVED:
        resource.review_due = next_review_due(resource)
    resource.updated_at = timezone.now()
    resource.save(update_fields=["body_html", "published_at", "review_due", "updated_at"])
    resource_search_vector_refresh(resource_ids=[resource.pk])
    tallies.catalogue_changed()
    return resource


def _publication_date(status: str, published_at: datetime.datetime | None) -> datetime.datetime | None:
    if status == Resource.Status.PUBLISHED and published_at is None:
        return timezone.now()
    return published_at


def _set_hubs(resource: Resource, hubs: Iterable[Hub]) -> None:
    # Keep the pin settings of hubs the resource stays in.
    wanted = {hub.pk for hub in hubs}
    HubItem.objects.filter(resource=resource).exclude(hub_id__in=wanted).delete()
    existing = set(HubItem.objects.filter(resource=resource).values_list("hub_id", flat=True))
    HubItem.objects.bulk_create(HubItem(hub_id=hub_id, resource=resource) for hub_id in wanted - existing)


@transaction.atomic
def resource_create(
    *,
    title: str,
    kind: str,
    summary: str,
    owner,
    body: str = "",
    audience: str = Resource.Audience.MEMBERS,
    status: str = Resource.Status.DRAFT,
    slug: str = "",
    hubs: Iterable[Hub] = (),
    topics: Iterable[Topic] = (),
    embed_url: str = "",
    published_at: datetime.datetime | None = None,
    review_due: datetime.date | None = None,
) -> Resource:
    """Create a resource with its hubs and topics, rendered and indexed."""
    resource = Resource.objects.create(
        title=title,
        slug=slug or unique_resource_slug(title),
        kind=kind,
        summary=summary,
        body=body,
        audience=audience,
        owner=owner,
        status=status,
        embed_url=embed_url,
        published_at=_publication_date(status, published_at),
        review_due=review_due,
    )
    _set_hubs(resource, hubs)
    resource.topics.set(topics)
    return resource_derived_fields_refresh(resource=resource)


@transaction.atomic
def resource_update(
    *, resource: Resource, hubs: Iterable[Hub] | None = None, topics: Iterable[Topic] | None = None, **changes
) -> Resource:
    """Change a resource's fields (any of RESOURCE_FIELDS), hubs or topics."""
    unknown = set(changes) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"resource_update() got unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(resource, name, value)
    resource.published_at = _publication_date(resource.status, resource.published_at)
    resource.save()
    if hubs is not None:
        _set_hubs(resource, hubs)
    if topics is not None:
        resource.topics.set(topics)
    return resource_derived_fields_refresh(resource=resource)


@transaction.atomic
def resource_save(*, resource: Resource) -> Resource:
    """Save a resource whose fields the office changed in the admin (or reverted from its
    history) and refresh what is derived from them (HTML, search vector, caches)."""
    resource.published_at = _publication_date(resource.status, resource.published_at)
    resource.save()
    return resource_derived_fields_refresh(resource=resource)


@transaction.atomic
def hub_pin(*, hub: Hub, resource: Resource, pinned: bool = True, pin_order: int = 0) -> HubItem:
    """Pin (or unpin) a resource at the top of a hub, adding it to the hub if needed."""
    item, _ = HubItem.objects.update_or_create(
        hub=hub, resource=resource, defaults={"pinned": pinned, "pin_order": pin_order}
    )
    tallies.catalogue_changed()
    return item


@transaction.atomic
def hub_save(
    *,
    name: str,
    slug: str = "",
    intro: str = "",
    review_interval_months: int = DEFAULT_REVIEW_INTERVAL_MONTHS,
    position: int = 100,
) -> Hub:
    """Create or update a hub by slug, with its intro rendered."""
    hub, _ = Hub.objects.update_or_create(
        slug=slug or slugify(name),
        defaults={
            "name": name,
            "intro": intro,
            "intro_html": render_markdown(intro),
            "review_interval_months": review_interval_months,
            "position": position,
        },
    )
    return hub


@transaction.atomic
def resources_delete(*, resources: Iterable[Resource]) -> int:
    """Delete resources (with their hub places, versions and saved items)."""
    deleted, _ = Resource.objects.filter(pk__in=[resource.pk for resource in resources]).delete()
    tallies.catalogue_changed()
    return deleted


@transaction.atomic
def hubs_delete(*, hubs: Iterable[Hub]) -> int:
    """Delete hubs; their resources stay, outside those hubs."""
    deleted, _ = Hub.objects.filter(pk__in=[hub.pk for hub in hubs]).delete()
    tallies.catalogue_changed()
    return deleted


@transaction.atomic
def topic_get_or_create(*, name: str) -> Topic:
    topic, created = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return topic


def topic_save(*, topic: Topic) -> Topic:
    """Save a topic the office created or renamed (the admin's form)."""
    topic.save()
    return topic


@transaction.atomic
def topics_delete(*, topics: Iterable[Topic]) -> int:
    deleted, _ = Topic.objects.filter(pk__in=[topic.pk for topic in topics]).delete()
    return deleted
