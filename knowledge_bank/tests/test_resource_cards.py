"""Resource cards are written in Python (knowledge_bank/templatetags/resource_cards.py) for
the long lists; knowledge_bank/_partials/resource_card.html (still used by the saved list)
is the reference, and the two must give the same markup."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.templatetags.resource_cards import resource_cards
from knowledge_bank.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

INCLUDED = (
    '{% for resource in resources %}<li>{% include "knowledge_bank/_partials/resource_card.html" %}</li>\n'
    "{% endfor %}"
)
INCLUDED_H2 = INCLUDED.replace('resource_card.html" %}', 'resource_card.html" with heading="h2" %}')


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
