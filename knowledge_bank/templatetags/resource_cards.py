"""Lists of resource cards written in Python: `{{ resources|resource_cards }}` or
`{{ resources|resource_cards:"h2" }}` gives one `<li>` per resource holding exactly what
`{% include "knowledge_bank/_partials/resource_card.html" %}` writes.

A hub page lists up to 10 resources of each of 11 kinds; through the template language
each card cost a {% url %}, two date filters and a nested include, and the cards were
most of the page's time. Here the URL is reversed once per list.
knowledge_bank/tests/test_resource_cards.py checks the output against the template."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from knowledge_bank.models import Resource
from members.templatetags.directory_rows import slug_url

register = template.Library()

_HEADINGS = {"h2", "h3"}
_AUDIENCE_LABELS = dict(Resource.Audience.choices)
_KIND_LABELS = dict(Resource.Kind.choices)


def _audience_badge(audience: str) -> str:
    if audience == Resource.Audience.MEMBERS:
        return '<span class="badge audience-badge">Members only</span>'
    if audience != Resource.Audience.PUBLIC:
        return f'<span class="badge audience-badge">{escape(str(_AUDIENCE_LABELS[audience]))}</span>'
    return ""


def _published(published_at, month_names: dict[int, str]) -> str:
    # What |date:"c" and |date:"j F Y" write, without the template filter's general
    # machinery (a fifth of the card's time): ISO 8601 and "2 July 2026", in local time.
    if not published_at:
        return ""
    local = timezone.localtime(published_at)
    return (
        f'<span aria-hidden="true">·</span> <time datetime="{local.isoformat()}">'
        f"{local.day} {month_names[local.month]} {local.year}</time>"
    )


@register.filter
def resource_cards(resources, heading="h3"):
    heading = heading if heading in _HEADINGS else "h3"
    resource_url = slug_url("knowledge_bank:resource")
    month_names = {number: str(name) for number, name in MONTHS.items()}  # in the active language
    items = []
    for resource in resources:
        items.append(
            '<li><article class="resource-card">\n'
            f'  <{heading} class="h5 mb-1"><a href="{escape(resource_url(resource.slug))}">'
            f"{escape(resource.title)}</a></{heading}>\n"
            '  <p class="resource-meta small mb-1">\n'
            f'    <span class="resource-kind">{escape(str(_KIND_LABELS[resource.kind]))}</span>\n'
            f"    {_published(resource.published_at, month_names)}\n"
            f"    {_audience_badge(resource.audience)}\n"
            "  </p>\n"
            f'  <p class="mb-0">{escape(resource.summary)}</p>\n'
            "</article>\n</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value is escaped


@register.filter
def search_results(resources):
    """One `<li>` per search result, as knowledge_bank/_partials/result.html writes it.
    Each resource comes from knowledge_bank.selectors.search with page_url, result_hubs
    (each with page_url) and headline_html (escaped text with only <mark> tags added)."""
    month_names = {number: str(name) for number, name in MONTHS.items()}
    items = []
    for resource in resources:
        published = ""
        if resource.published_at:
            local = timezone.localtime(resource.published_at)
            published = f"<span>Published {local.day} {month_names[local.month]} {local.year}</span>"
        hubs = ""
        if resource.result_hubs:
            links = ", ".join(
                f'<a href="{escape(hub.page_url)}">{escape(hub.name)}</a>' for hub in resource.result_hubs
            )
            hubs = f"<span>· In {links}</span>"
        excerpt = resource.headline_html if resource.headline_html else escape(resource.summary)
        items.append(
            '<li class="search-result border-bottom py-3">\n'
            f'  <h3 class="h5 mb-1"><a href="{escape(resource.page_url)}">{escape(resource.title)}</a></h3>\n'
            '  <p class="small text-body-secondary mb-1">\n'
            f'    <span class="badge text-bg-secondary">{escape(str(_KIND_LABELS[resource.kind]))}</span>\n'
            f"    {published}\n"
            f"    {hubs}\n"
            "  </p>\n"
            f'  <p class="mb-0 search-headline">{excerpt}</p>\n'
            "</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value is escaped; headlines are escaped with <mark> added
