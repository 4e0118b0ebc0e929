"""The directory's lists are written in Python (members/templatetags/directory_rows.py); these
are the templates they replace, and the output must be the same."""

# ruff: noqa: E501 - the templates are kept line for line as they were

import re

import pytest
from django.template import engines

from members.models import Council
from members.selectors import directory as selectors
from members.templatetags.directory_rows import area_committee_rows, council_results, council_rows
from members.tests.factories import AreaCommitteeFactory, CouncilFactory

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


def normalised(html) -> str:
    # Whitespace between tags is all the templates add; it means nothing in HTML.
    return re.sub(r">\s+<", "><", str(html)).strip()


def template_output(source: str, **context) -> str:
    return normalised(engines["django"].from_string(source).render(context))


@pytest.fixture
def councils():
    odd = AreaCommitteeFactory(district="Dover & <Deal>", name='Dover "East" Area Committee', slug="dover-east")
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
