"""The People page's lists are written in Python (members/templatetags/council_people_rows.py);
these are the template loops they replace, and the output must be the same."""

# ruff: noqa: E501 - the templates are kept line for line as they were

import datetime
import re

import pytest
from django.template import engines

from members import permissions
from members.models import Invitation, Position, User
from members.selectors import access as selectors
from members.templatetags.council_people_rows import (
    current_position_rows,
    open_invitation_items,
    past_position_rows,
)
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db

CURRENT_POSITION_ROWS_TEMPLATE = """{% for position in current_positions %}
            <tr id="position-{{ position.pk }}">
              <td>{{ position.user.get_full_name }}<br><span class="text-body-secondary">{{ position.user.email }}</span></td>
              <td>{{ position.get_role_display }}</td>
              <td>{{ position.started_on|date:"j F Y" }}</td>
              <td>{% if position.user.last_login %}{{ position.user.last_login|date:"j F Y" }}{% else %}Never{% endif %}</td>
              <td>{% if position.can_end %}<a class="btn btn-sm btn-outline-danger" href="{% url 'members:position_end' council.slug position.pk %}">End position<span class="visually-hidden"> of {{ position.user.get_full_name }} as {{ position.get_role_display|lower }}</span></a>{% endif %}</td>
            </tr>
          {% endfor %}"""

PAST_POSITION_ROWS_TEMPLATE = """{% for position in past_positions %}
            <tr>
              <td>{{ position.user.get_full_name }}</td>
              <td>{{ position.get_role_display }}</td>
              <td>{{ position.started_on|date:"j F Y" }}</td>
              <td>{{ position.ended_on|date:"j F Y" }}</td>
            </tr>
          {% endfor %}"""

OPEN_INVITATION_ITEMS_TEMPLATE = """{% for invitation in open_invitations %}
        <li>{{ invitation.full_name|default:invitation.email }} ({{ invitation.email }}), {{ invitation.get_role_display|lower }}: invited {{ invitation.created_at|date:"j F Y" }}, link works until {{ invitation.expires_at|date:"j F Y" }}</li>
      {% endfor %}"""


def normalised(html) -> str:
    # Whitespace between tags is all the templates add; it means nothing in HTML.
    return re.sub(r">\s+<", "><", str(html)).strip()


def template_output(source: str, **context) -> str:
    return normalised(engines["django"].from_string(source).render(context))


def at(year, month, day, hour, minute) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def council():
    # An apostrophe and an ampersand in the slug's council name, to see escaping in the link text.
    return CouncilFactory(name="St. Mary's & <All> Saints", slug="st-marys")


@pytest.fixture
def clerk(council):
    person = UserFactory(full_name='Alex "Lex" O\'Brien & <Sons>', email="alex&co@example.org")
    PositionFactory(
        user=person, council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 4, 1)
    )
    # 23:30 UTC on 1 July is 00:30 on 2 July in London: the date must be the local one.
    User.objects.filter(pk=person.pk).update(last_login=at(2026, 7, 1, 23, 30))
    return User.objects.get(pk=person.pk)


@pytest.fixture
def positions(council, clerk):
    """Someone in every role, one with no name, one never signed in, and several past positions."""
    for number, role in enumerate(Position.Role.values):
        if role == Position.Role.CLERK:
            continue
        person = UserFactory(full_name=f"Person <{number}> d'Arcy", email=f"p{number}@example.org")
        PositionFactory(
            user=person, council=council, role=role, started_on=datetime.date(2021, 1, number + 1)
        )
        User.objects.filter(pk=person.pk).update(last_login=at(2025, 12, 31, 12, number))
    nameless = UserFactory(full_name="", email="no.name@example.org")
    PositionFactory(user=nameless, council=council, role=Position.Role.COUNCILLOR)
    for number, role in enumerate(Position.Role.values):
        past = PositionFactory(
            council=council,
            user=UserFactory(full_name="" if number == 2 else f"Former & <{number}>"),
            started_on=datetime.date(2015, 2, number + 1),
        )
        # Role and end together, straight to the table: a second current clerk cannot exist, a past one can.
        Position.objects.filter(pk=past.pk).update(role=role, ended_on=datetime.date(2019, 11, number + 20))
    PositionFactory(council=CouncilFactory(name="Elsewhere"), user=UserFactory(full_name="Not Here"))
    return selectors.council_people(council.slug).positions


@pytest.mark.parametrize("viewer", ["clerk", "councillor"])
def test_current_position_rows_match_the_template(council, clerk, positions, viewer):
    # A councillor may end only their own position; the clerk may end anyone's.
    person = (
        clerk if viewer == "clerk" else next(p.user for p in positions if p.role == Position.Role.COUNCILLOR)
    )
    current = [p for p in positions if p.is_current]
    for position in current:
        position.council = council
        position.can_end = permissions.can_end_position(person, position)
    assert len({p.can_end for p in current}) == (1 if viewer == "clerk" else 2)

    expected = template_output(CURRENT_POSITION_ROWS_TEMPLATE, current_positions=current, council=council)

    assert "2 July 2026" in expected and "Never" in expected and "no.name@example.org</td>" not in expected
    assert "O&#x27;Brien &amp; &lt;Sons&gt;" in expected
    assert normalised(current_position_rows(current, council.slug)) == expected


def test_past_position_rows_match_the_template(council, positions):
    past = [p for p in positions if not p.is_current]
    assert len(past) == len(Position.Role.values)

    expected = template_output(PAST_POSITION_ROWS_TEMPLATE, past_positions=past)

    assert "Former &amp; &lt;0&gt;" in expected and "20 November 2019" in expected
    assert normalised(past_position_rows(past)) == expected


def test_open_invitation_items_match_the_template(council, clerk):
    issue_invitation(
        council=council, email="o'neill@example.org", full_name='Sam "<b>" O\'Neill', invited_by=clerk
    )
    for role in permissions.INVITABLE_ROLES:
        issue_invitation(council=council, email=f"{role}@example.org", full_name="", role=role)
    # Late in the evening UTC, in summer and in winter: the dates shown are London's.
    Invitation.objects.filter(email="o'neill@example.org").update(
        created_at=at(2026, 6, 30, 23, 15), expires_at=at(2099, 7, 7, 23, 15)
    )
    Invitation.objects.filter(role=Position.Role.CHAIR).update(
        created_at=at(2026, 1, 31, 23, 59), expires_at=at(2099, 2, 7, 23, 59)
    )
    invitations = selectors.council_people(council.slug).open_invitations
    assert len(invitations) == 1 + len(permissions.INVITABLE_ROLES)

    expected = template_output(OPEN_INVITATION_ITEMS_TEMPLATE, open_invitations=invitations)

    assert "invited 1 July 2026, link works until 8 July 2099" in expected
    assert "Sam &quot;&lt;b&gt;&quot; O&#x27;Neill (o&#x27;neill@example.org)" in expected
    assert "responsible financial officer" in expected
    assert normalised(open_invitation_items(invitations)) == expected


def test_empty_lists_write_nothing():
    assert current_position_rows([], "ash") == past_position_rows([]) == open_invitation_items([]) == ""


def test_the_people_page_uses_them(client, council, clerk, positions):
    client.force_login(clerk)  # which sets the clerk's last sign-in to now

    html = normalised(client.get(f"/councils/{council.slug}/people/").content.decode())

    positions = selectors.council_people(council.slug).positions
    current = [p for p in positions if p.is_current]
    for position in current:
        position.council = council
        position.can_end = permissions.can_end_position(clerk, position)
    assert template_output(CURRENT_POSITION_ROWS_TEMPLATE, current_positions=current, council=council) in html
    past = [p for p in positions if not p.is_current]
    assert template_output(PAST_POSITION_ROWS_TEMPLATE, past_positions=past) in html
