"""The review board's sections are written in Python (knowledge_bank/templatetags/review_rows.py)
and its filter fields by members' field_group filter; both must give the markup the board's
template gave through the template language, which is kept here as the reference."""

import datetime
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from knowledge_bank.forms.review import ReviewBoardFilterForm
from knowledge_bank.models import Resource
from knowledge_bank.selectors.review import BoardSection, review_board_sections
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.templatetags.field_groups import field_group
from members.tests.factories import staff_user

pytestmark = pytest.mark.django_db

# ruff: noqa: E501 - the template is kept line for line as it was
# The board's sections as the template wrote them, replaced by {% review_section %}. Each
# entry is a Resource with its owner, and days_overdue and days_until set by the view.
TEMPLATE_SECTIONS = """{% for section in sections %}
  {% with hub_name=section.hub.name|default:"No hub" %}
  <section class="mb-4" aria-labelledby="review-hub-{{ section.hub_value }}">
    <h2 class="h4" id="review-hub-{{ section.hub_value }}">{{ hub_name }}</h2>
    <div class="table-responsive">
      <table class="table align-middle">
        <caption class="visually-hidden">Resources due for review in {{ section.hub.name|default:"no hub" }}, earliest due first</caption>
        <thead>
          <tr>
            <th scope="col">Resource</th><th scope="col">Kind</th><th scope="col">Owner</th>
            <th scope="col">Review due</th><th scope="col">Overdue</th><th scope="col"><span class="visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {% for entry in section.entries %}
            <tr class="review-row">
              <th scope="row">
                <a href="{% url 'knowledge_bank:resource' entry.slug %}">{{ entry.title }}</a>
                {% if entry.status != "published" %}<span class="badge text-bg-secondary">{{ entry.get_status_display }}</span>{% endif %}
              </th>
              <td>{{ entry.get_kind_display }}</td>
              <td>{{ entry.owner.get_full_name|default:entry.owner.email }}</td>
              <td>{{ entry.review_due|date:"j F Y" }}</td>
              <td>
                {% if entry.days_overdue > 0 %}<span class="badge text-bg-danger">{{ entry.days_overdue }} day{{ entry.days_overdue|pluralize }} overdue</span>
                {% elif entry.days_overdue == 0 %}<span class="badge text-bg-warning">Due today</span>
                {% else %}Due in {{ entry.days_until }} day{{ entry.days_until|pluralize }}{% endif %}
              </td>
              <td>
                <form method="post" action="{% url 'knowledge_bank:mark_reviewed' entry.slug %}">
                  {% csrf_token %}
                  <input type="hidden" name="next" value="{{ request.get_full_path }}">
                  <button type="submit" class="btn btn-sm btn-outline-primary">Mark reviewed<span class="visually-hidden"> “{{ entry.title }}”</span></button>
                </form>
              </td>
            </tr>
          {% endfor %}
        </tbody>
      </table>
    </div>
    {% if section.has_more %}
      <p class="review-more">The {{ section_size }} earliest are shown; more are due.
        <a href="{% url 'knowledge_bank:review_board' %}?hub={{ section.hub_value }}&amp;window={{ window }}">See all due {% if section.hub %}in {{ section.hub.name }}{% else %}with no hub{% endif %}</a></p>
    {% endif %}
  </section>
  {% endwith %}
{% endfor %}"""

WRITTEN_SECTIONS = (
    "{% load review_rows %}{% for section in sections %}{% review_section section today window %}{% endfor %}"
)


def normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r">\s+<", "><", html).strip()


def days_from(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def board(today):
    """Sections from the selector: one hub with more than a section holds, one with a few
    awkward entries, and resources in no hub."""
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
    ResourceFactory(title="Allotments & burial grounds", owner=unnamed, review_due=days_from(today, 29))
    ResourceFactory(title="No hub, a draft", status=Resource.Status.DRAFT, owner=named, review_due=today)
    hubs = [crowded, awkward]
    return review_board_sections(today=today, window="30", hubs=hubs)


def as_template_saw_them(sections, today):
    """The same sections with Resources, as the view gave the template before."""
    resources = Resource.objects.select_related("owner").in_bulk(
        [entry.pk for section in sections for entry in section.entries]
    )
    template_sections = []
    for section in sections:
        entries = []
        for entry in section.entries:
            resource = resources[entry.pk]
            resource.days_overdue = (today - resource.review_due).days
            resource.days_until = -resource.days_overdue
            entries.append(resource)
        template_sections.append(BoardSection(hub=section.hub, entries=entries, has_more=section.has_more))
    return template_sections


@pytest.mark.parametrize(
    "path", ["/knowledge/review/", '/knowledge/review/?window=30&hub=&note=<b>"it\'s"</b>']
)
def test_sections_match_the_template(board, today, path):
    request = RequestFactory().get(path)
    request.user = staff_user()
    # A fixed token: each render through the request would mask the token afresh.
    context = {"window": "30", "today": today, "section_size": 10, "csrf_token": "token<&>"}
    expected = (
        engines["django"]
        .from_string(TEMPLATE_SECTIONS)
        .render(context | {"sections": as_template_saw_them(board, today)}, request=request)
    )
    written = (
        engines["django"].from_string(WRITTEN_SECTIONS).render(context | {"sections": board}, request=request)
    )

    assert normalised(written) == normalised(expected)
    # The cases the fixture set out to cover are all on the page.
    assert [section.hub.name if section.hub else None for section in board] == [
        "Parks & <Play>",
        'Fish "&" chips',
        None,
    ]
    assert board[0].has_more and not board[1].has_more
    for text in [
        "400 days overdue",
        "1 day overdue",
        "Due today",
        "Due in 1 day </td>",
        "Due in 20 days",
        ">Draft<",
        "no.name+review@kalc.example.org",
        "Sam O&#x27;Neil &lt;Office&gt;",
        "Fish &amp; chips &quot;policy&quot; &lt;2026&gt;",
        "Parks &amp; &lt;Play&gt;",
        'name="csrfmiddlewaretoken" value="token&lt;&amp;&gt;"',
        "See all due in Parks &amp; &lt;Play&gt;",
    ]:
        assert text in normalised(written), text
    assert "<b>" not in written and "<Play>" not in written


def test_sections_match_the_template_without_a_request(board, today):
    # No request and no token in the context: no token input and an empty next=, as before.
    context = {"window": "overdue", "today": today, "section_size": 10}
    expected = (
        engines["django"]
        .from_string(TEMPLATE_SECTIONS)
        .render(context | {"sections": as_template_saw_them(board, today)})
    )
    written = engines["django"].from_string(WRITTEN_SECTIONS).render(context | {"sections": board})

    assert normalised(written) == normalised(expected)
    assert "csrfmiddlewaretoken" not in written and 'name="next" value=""' in written


def test_an_empty_section_of_one_hubs_page_matches_the_template(today):
    # The hub's own page shows its page of entries as a section with no "See all" link.
    hub = HubFactory(name="Climate change", slug="climate-change")
    ResourceFactory(title="Net zero", hubs=[hub], review_due=days_from(today, 5), owner=office_author())
    sections = [
        BoardSection(hub=hub, entries=section.entries)
        for section in review_board_sections(today=today, window="90", hubs=[hub])
    ]
    context = {"window": "90", "today": today, "section_size": 10, "csrf_token": "abc"}
    expected = (
        engines["django"]
        .from_string(TEMPLATE_SECTIONS)
        .render(context | {"sections": as_template_saw_them(sections, today)})
    )
    written = engines["django"].from_string(WRITTEN_SECTIONS).render(context | {"sections": sections})

    assert normalised(written) == normalised(expected)
    assert "Due in 5 days" in written and "review-more" not in written


def crispy_normalised(html: str) -> str:
    # Whitespace between and just inside tags is all crispy's template adds; it means nothing in HTML.
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize(
    "data",
    [None, {"window": "90"}, {"hub": "none", "window": "overdue"}, {"hub": "bogus", "window": "bogus"}],
)
def test_filter_fields_match_crispy(data):
    HubFactory(name="Parks & <Play>", slug="parks")
    ours, theirs = ReviewBoardFilterForm(data), ReviewBoardFilterForm(data)
    ours.filters(), theirs.filters()
    for name in ours.fields:
        assert crispy_normalised(field_group(ours[name])) == crispy_normalised(
            as_crispy_field(theirs[name])
        ), name
