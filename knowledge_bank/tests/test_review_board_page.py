"""What staff see on the review board: each hub's earliest due items with their kind, owner,
due date and how overdue, a "Mark reviewed" form that comes back to the page, and every
value escaped."""

import datetime
import re

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author

pytestmark = pytest.mark.django_db


def days_from(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", " ".join(html.split()))


@pytest.fixture
def board(today=None):
    """One hub with more due than a section holds, one with a few awkward entries, and
    resources in no hub."""
    today = timezone.localdate()
    crowded = HubFactory(name="Parks & <Play>", slug="parks", position=1)
    awkward = HubFactory(name='Fish "&" chips', slug="fish", position=2)
    named = office_author(full_name="Sam O'Neil <Office>")
    unnamed = office_author(full_name="", email="no.name+review@kalc.example.org")
    for number in range(12):
        ResourceFactory(
            title=f"Crowded item {number:02d}",
            owner=named,
            hubs=[crowded],
            review_due=days_from(today, number - 6),
            kind=list(Resource.Kind)[number % len(Resource.Kind)],
        )
    for title, status, days, owner in [
        ('Fish & chips "policy" <2026>', Resource.Status.PUBLISHED, -400, named),
        ("It's due tomorrow", Resource.Status.DRAFT, 1, unnamed),
        ("Overdue by one day", Resource.Status.PUBLISHED, -1, unnamed),
        ("Due today, a draft", Resource.Status.DRAFT, 0, named),
        ("Due in twenty days", Resource.Status.PUBLISHED, 20, named),
    ]:
        ResourceFactory(
            title=title, status=status, owner=owner, hubs=[awkward], review_due=days_from(today, days)
        )
    ResourceFactory(
        title="In both <hubs>", owner=unnamed, hubs=[crowded, awkward], review_due=days_from(today, -3)
    )
    ResourceFactory(title="No hub, a draft", status=Resource.Status.DRAFT, owner=named, review_due=today)
    return today


def test_the_board_shows_each_hubs_rows_escaped(client, login_as, board):
    login_as("staff")
    path = '/knowledge/review/?window=30&note=<b>"it\'s"</b>'
    html = squeezed(client.get(path).content.decode())

    headings = re.findall(r'<h2 class="h4" id="review-hub-[^"]+">([^<]+)</h2>', html)
    assert headings == ["Parks &amp; &lt;Play&gt;", "Fish &quot;&amp;&quot; chips", "No hub"]
    for text in [
        "400 days overdue",
        "1 day overdue",
        "Due today",
        "Due in 1 day </td>",
        "Due in 20 days",
        '<span class="badge text-bg-secondary">Draft</span>',
        "<td>no.name+review@kalc.example.org</td>",
        "<td>Sam O&#x27;Neil &lt;Office&gt;</td>",
        "Fish &amp; chips &quot;policy&quot; &lt;2026&gt;",
        f"<td>{board.day} {board:%B} {board.year}</td>",
        'name="csrfmiddlewaretoken"',
        'name="next" value="/knowledge/review/?window=30&amp;note=%3Cb%3E%22it&#x27;s%22%3C/b%3E"',
        "See all due in Parks &amp; &lt;Play&gt;",
    ]:
        assert text in html, text
    assert html.count('<tr class="review-row">') == 10 + 6 + 1
    assert "<b>" not in html and "<Play>" not in html


def test_a_resource_links_to_its_page_and_its_mark_reviewed_form(client, login_as, board):
    login_as("staff")
    resource = Resource.objects.get(title="In both <hubs>")

    html = squeezed(client.get("/knowledge/review/").content.decode())

    assert html.count(f'<a href="/knowledge/{resource.slug}/">In both &lt;hubs&gt;</a>') == 2
    assert html.count(f'action="/knowledge/{resource.slug}/reviewed/"') == 2
