"""The directory's lists are written in Python (members/templatetags/directory_rows.py); these
are the templates they replace, and the output must be the same."""

# ruff: noqa: E501 - the templates are kept line for line as they were

import datetime
import re

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory

from members.models import Council, Position, User
from members.selectors import directory as selectors
from members.templatetags.directory_rows import (
    area_committee_rows,
    council_results,
    council_rows,
    position_rows,
)
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, PositionFactory, UserFactory
from members.views.directory import Pagination

pytestmark = pytest.mark.django_db

COUNCIL_ROWS_TEMPLATE = """{% for council in page %}
  <tr>
    <th scope="row"><a href="{% url 'members:council_detail' council.slug %}">{{ council.display_name }}</a></th>
    <td>{{ council.get_kind_display }}</td>
    <td>{{ council.district }}</td>
    <td><a href="{% url 'members:area_committee_detail' council.area_committee.slug %}">{{ council.area_committee.name }}</a></td>
    <td>{% if council.contact_email %}<a href="mailto:{{ council.contact_email }}">{{ council.contact_email }}</a>{% else %}<span class="text-body-secondary">Not recorded</span>{% endif %}</td>
    {% if show_status %}<td>{{ council.get_membership_status_display }}</td>{% endif %}
  </tr>
{% endfor %}"""

COUNCIL_RESULTS_TEMPLATE = """{% for council in page %}
  <li class="border-bottom py-3">
    <h3 class="h5 mb-1">{{ council.display_name }}</h3>
    <p class="mb-1 text-body-secondary">{{ council.district }}</p>
    {% if council.contact_email or council.contact_phone or council.website %}
      <dl class="row mb-0">
        {% if council.contact_email %}<dt class="col-sm-2">Email</dt><dd class="col-sm-10"><a href="mailto:{{ council.contact_email }}">{{ council.contact_email }}</a></dd>{% endif %}
        {% if council.contact_phone %}<dt class="col-sm-2">Phone</dt><dd class="col-sm-10">{{ council.contact_phone }}</dd>{% endif %}
        {% if council.website %}<dt class="col-sm-2">Website</dt><dd class="col-sm-10"><a href="{{ council.website }}">{{ council.website }}</a></dd>{% endif %}
      </dl>
    {% else %}
      <p class="mb-0">We do not have contact details for this council yet. Your district council can put you in touch.</p>
    {% endif %}
  </li>
{% endfor %}"""

AREA_COMMITTEE_ROWS_TEMPLATE = """{% for committee in page %}
  <tr>
    <th scope="row"><a href="{% url 'members:area_committee_detail' committee.slug %}">{{ committee.name }}</a></th>
    <td>{{ committee.district }}</td>
    <td class="text-end">{{ committee.member_council_count }}</td>
  </tr>
{% endfor %}"""

POSITION_ROWS_TEMPLATE = """{% for position in positions %}
            <tr id="position-{{ position.pk }}">
              <th scope="row">{{ position.user.get_full_name }}</th>
              <td>{{ position.get_role_display }}</td>
              <td>{{ position.started_on|date:"j F Y" }}</td>
              <td>{% if position.user.last_login %}{{ position.user.last_login|date:"j F Y" }}{% else %}never{% endif %}</td>
            </tr>
          {% endfor %}"""

# members/directory/_pagination.html, which pagination_nav replaces.
PAGINATION_TEMPLATE = """{% with page=pagination.page %}
{% if page.paginator.num_pages > 1 %}
<nav aria-label="{{ label|default:'Pages of results' }}" class="mt-3">
  <ul class="pagination flex-wrap">
    {% if page.has_previous %}
      <li class="page-item"><a class="page-link" href="{% querystring page=page.previous_page_number %}">Previous<span class="visually-hidden"> page</span></a></li>
    {% endif %}
    {% for number in pagination.page_range %}
      {% if number == page.number %}
        <li class="page-item active"><a class="page-link" href="{% querystring page=number %}" aria-current="page"><span class="visually-hidden">Page </span>{{ number }}</a></li>
      {% elif number == page.paginator.ELLIPSIS %}
        <li class="page-item disabled"><span class="page-link" aria-hidden="true">{{ number }}</span></li>
      {% else %}
        <li class="page-item"><a class="page-link" href="{% querystring page=number %}"><span class="visually-hidden">Page </span>{{ number }}</a></li>
      {% endif %}
    {% endfor %}
    {% if page.has_next %}
      <li class="page-item"><a class="page-link" href="{% querystring page=page.next_page_number %}">Next<span class="visually-hidden"> page</span></a></li>
    {% endif %}
  </ul>
</nav>
{% endif %}
{% endwith %}"""


def normalised(html) -> str:
    # Whitespace between tags is all the templates add; it means nothing in HTML.
    return re.sub(r">\s+<", "><", str(html)).strip()


def template_output(source: str, **context) -> str:
    return normalised(engines["django"].from_string(source).render(context))


@pytest.fixture
def councils():
    odd = AreaCommitteeFactory(
        district="Dover & <Deal>", name='Dover "East" Area Committee', slug="dover-east"
    )
    CouncilFactory(
        name="St. Margaret's at Cliffe",
        kind=Council.Kind.TOWN,
        area_committee=odd,
        contact_email="clerk@o'neill.example.org",
        contact_phone="01304 <852> 123",
        website="https://example.org/?a=1&b=2",
    )
    CouncilFactory(name="Ash", contact_email="", membership_status=Council.MembershipStatus.LAPSED)
    CouncilFactory(name="Bulk 1", kind=Council.Kind.NEIGHBOURHOOD, contact_email="", contact_phone="01 2")
    CouncilFactory(name="Bulk 2", contact_email="", website="http://bulk.example.org")
    return list(Council.objects.select_related("area_committee").order_by("name"))


@pytest.mark.parametrize("show_status", [False, True])
def test_council_rows_match_the_template(councils, show_status):
    expected = template_output(COUNCIL_ROWS_TEMPLATE, page=councils, show_status=show_status)
    assert "&amp;lt;" not in expected and "o&#x27;neill" in expected
    assert normalised(council_rows(councils, show_status)) == expected


def test_council_results_match_the_template(councils):
    public = list(Council.objects.only(*selectors.PUBLIC_COUNCIL_FIELDS).order_by("name"))
    assert normalised(council_results(public)) == template_output(COUNCIL_RESULTS_TEMPLATE, page=public)


def test_area_committee_rows_match_the_template(councils):
    committees = list(selectors.area_committees_with_counts())
    assert normalised(area_committee_rows(committees)) == template_output(
        AREA_COMMITTEE_ROWS_TEMPLATE, page=committees
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=sandwitch",
        "page=4&q=ash",  # the page number stays where it was
        "q=a%26b+%3Cc%3E&district=Dover&district=Swale&page=2",  # escaped, repeated keys kept
        "q=Caf%C3%A9%27s&page=abc&status=all",
    ],
)
@pytest.mark.parametrize(("items", "number"), [(500, 1), (500, 2), (500, 5), (500, 10), (120, 3), (40, 1)])
@pytest.mark.parametrize("label", ["Pages of councils", "", 'Pages of "odd" <things>'])
def test_pagination_nav_matches_the_template(query, items, number, label):
    request = RequestFactory().get(f"/councils/?{query}")
    page = Paginator(range(items), 50).page(number)
    pagination = Pagination(
        page=page, page_range=list(page.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    )
    context = {"pagination": pagination, "label": label}
    expected = engines["django"].from_string(PAGINATION_TEMPLATE).render(context, request)
    written = (
        engines["django"]
        .from_string("{% load directory_rows %}{% pagination_nav pagination label %}")
        .render(context, request)
    )
    assert normalised(written) == normalised(expected)


def test_position_rows_match_the_template():
    council = CouncilFactory()
    # Signed in just before midnight UTC in summer: already the next day in London.
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    clerk = UserFactory(full_name="Siân O'Brien <Clerk> & Co")
    User.objects.filter(pk=clerk.pk).update(last_login=late)
    PositionFactory(
        council=council, role=Position.Role.CLERK, started_on=datetime.date(2019, 4, 1), user=clerk
    )
    PositionFactory(council=council, role=Position.Role.COUNCILLOR, user=UserFactory(full_name=""))
    PositionFactory(council=council, role=Position.Role.CHAIR)
    positions = selectors.council_overview_positions(council)
    expected = template_output(POSITION_ROWS_TEMPLATE, positions=positions)
    assert (
        "1 July 2026" in expected
        and "never" in expected
        and "O&#x27;Brien &lt;Clerk&gt; &amp; Co" in expected
    )
    assert normalised(position_rows(positions)) == expected
