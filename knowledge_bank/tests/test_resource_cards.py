"""Resource cards are written in Python (knowledge_bank/templatetags/resource_cards.py) for
the long lists; knowledge_bank/_partials/resource_card.html (still used by the saved list)
is the reference, and the two must give the same markup."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.selectors.search import search_resources
from knowledge_bank.templatetags.resource_cards import resource_cards, search_results
from knowledge_bank.tests.factories import HubFactory, ResourceFactory
from knowledge_bank.views.search import _add_hub_urls, _add_page_urls

pytestmark = pytest.mark.django_db

INCLUDED = (
    '{% for resource in resources %}<li>{% include "knowledge_bank/_partials/resource_card.html" %}</li>\n'
    "{% endfor %}"
)
INCLUDED_H2 = INCLUDED.replace('resource_card.html" %}', 'resource_card.html" with heading="h2" %}')


# ruff: noqa: E501 - the template is kept line for line as it was
# The search results' template, replaced by the search_results filter.
RESULT_TEMPLATE = """{% for resource in resources %}<li class="search-result border-bottom py-3">
  <h3 class="h5 mb-1"><a href="{{ resource.page_url }}">{{ resource.title }}</a></h3>
  <p class="small text-body-secondary mb-1">
    <span class="badge text-bg-secondary">{{ resource.get_kind_display }}</span>
    {% if resource.published_at %}<span>Published {{ resource.published_at|date:"j F Y" }}</span>{% endif %}
    {% if resource.result_hubs %}<span>· In {% for hub in resource.result_hubs %}<a href="{{ hub.page_url }}">{{ hub.name }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}</span>{% endif %}
  </p>
  <p class="mb-0 search-headline">{% if resource.headline_html %}{{ resource.headline_html }}{% else %}{{ resource.summary }}{% endif %}</p>
</li>
{% endfor %}"""


def normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r">\s+<", "><", html).strip()


@pytest.fixture
def resources():
    # Every audience and a date just after midnight in London on a summer day (the card shows
    # the local date), awkward characters in title, summary and slug, and a draft without a date.
    summer_midnight = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST, 2 July
    rows = [
        ResourceFactory(
            title='Fish & chips "policy" <2026>',
            summary="It's <b>not</b> bold & safe",
            audience=audience,
            kind=kind,
            published_at=summer_midnight,
        )
        for audience, kind in [
            (Resource.Audience.PUBLIC, Resource.Kind.GUIDE),
            (Resource.Audience.MEMBERS, Resource.Kind.LEGAL_NOTE),
            (Resource.Audience.CLERKS, Resource.Kind.PODCAST),
            (Resource.Audience.STAFF, Resource.Kind.MODEL_POLICY),
        ]
    ]
    rows.append(ResourceFactory(title="Unpublished", status=Resource.Status.DRAFT))
    return list(Resource.objects.filter(pk__in=[row.pk for row in rows]).order_by("pk"))


@pytest.mark.parametrize("heading, reference", [("h3", INCLUDED), ("h2", INCLUDED_H2)])
def test_cards_match_the_template(resources, heading, reference):
    expected = engines["django"].from_string(reference).render({"resources": resources})
    written = resource_cards(resources, heading)

    assert normalised(written) == normalised(expected)
    assert "2 July 2026" in written and 'datetime="2026-07-02T00:30:00+01:00"' in written
    assert "&lt;b&gt;not&lt;/b&gt;" in written and "<b>" not in written
    assert written.count("<li>") == len(resources) == 5
    assert written.count(f"<{heading} ") == 5


def test_an_unknown_heading_falls_back_to_h3(resources):
    assert "<h3 " in resource_cards(resources[:1], "script")
    assert timezone.is_aware(resources[0].published_at)


@pytest.mark.parametrize("query", ["", "fish policy"])
def test_search_results_match_the_template(resources, query):
    hub = HubFactory(name="Fish & chips hub", slug="fish")
    ResourceFactory(
        title="Fish policy in a hub",
        summary="Our fish policy.",
        audience=Resource.Audience.PUBLIC,
        hubs=[hub],
    )
    staff = ResourceFactory().owner
    _add_hub_urls([hub])
    results = search_resources(staff, query=query, hubs_by_id={hub.pk: hub}).results
    _add_page_urls(results)
    assert len(results) >= 5

    expected = engines["django"].from_string(RESULT_TEMPLATE).render({"resources": results})
    written = search_results(results)

    assert normalised(written) == normalised(expected)
    assert 'href="/knowledge/hubs/fish/">Fish &amp; chips hub</a>' in written
    if query:
        assert "<mark>" in written
