"""What the clerk sees on a council's People page: every current and past position, the
invitations waiting, dates as London has them, and names escaped."""

import datetime
import re

import pytest

from members import permissions
from members.models import Invitation, Position, User
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db


def at(year, month, day, hour, minute) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", " ".join(html.split()))


@pytest.fixture
def council():
    return CouncilFactory(name="St. Mary's & <All> Saints", slug="st-marys")


@pytest.fixture
def clerk(council):
    person = UserFactory(full_name='Alex "Lex" O\'Brien & <Sons>', email="alex&co@example.org")
    PositionFactory(
        user=person, council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 4, 1)
    )
    return person


@pytest.fixture
def people(council, clerk):
    """Someone in every other role, one who never signed in, and a past position in every role."""
    for number, role in enumerate(Position.Role.values):
        if role == Position.Role.CLERK:
            continue
        person = UserFactory(full_name=f"Person <{number}> d'Arcy", email=f"p{number}@example.org")
        PositionFactory(
            user=person, council=council, role=role, started_on=datetime.date(2021, 1, number + 1)
        )
        User.objects.filter(pk=person.pk).update(last_login=at(2025, 12, 31, 12, number))
    PositionFactory(
        user=UserFactory(full_name="", email="no.name@example.org"),
        council=council,
        role=Position.Role.COUNCILLOR,
    )
    for number, role in enumerate(Position.Role.values):
        past = PositionFactory(
            council=council,
            user=UserFactory(full_name=f"Former & <{number}>"),
            started_on=datetime.date(2015, 2, 1),
        )
        Position.objects.filter(pk=past.pk).update(role=role, ended_on=datetime.date(2019, 11, number + 20))
    PositionFactory(council=CouncilFactory(name="Elsewhere"), user=UserFactory(full_name="Not Here"))


def people_page(client, council, clerk) -> str:
    sign_in(client, clerk)
    # 23:30 UTC on 1 July is 00:30 on 2 July in London: the page shows the local date.
    User.objects.filter(pk=clerk.pk).update(last_login=at(2026, 7, 1, 23, 30))
    response = client.get(f"/councils/{council.slug}/people/")
    assert response.status_code == 200
    return squeezed(response.content.decode())


def test_current_positions_show_people_roles_dates_and_end_links(client, council, clerk, people):
    html = people_page(client, council, clerk)

    current = Position.objects.current().filter(council=council).select_related("user", "council")
    assert html.count('<tr id="position-') == current.count() == len(Position.Role.values) + 1
    for position in current:
        row = re.search(rf'<tr id="position-{position.pk}">(.*?)</tr>', html).group(1)
        assert position.get_role_display() in row
        end_url = f"/councils/{council.slug}/positions/{position.pk}/end/"
        assert (end_url in row) == permissions.can_end_position(clerk, position)
    assert (
        "<td>Alex &quot;Lex&quot; O&#x27;Brien &amp; &lt;Sons&gt;<br>"
        '<span class="text-body-secondary">alex&amp;co@example.org</span></td>'
        "<td>Clerk</td><td>1 April 2020</td><td>2 July 2026</td>"
    ) in html
    assert "<td>no.name@example.org<br>" in html and "<td>Never</td>" in html
    assert "Not Here" not in html


def test_past_positions_show_from_and_to(client, council, clerk, people):
    html = people_page(client, council, clerk)

    assert (
        "<tr><td>Former &amp; &lt;0&gt;</td><td>Clerk</td>"
        "<td>1 February 2015</td><td>20 November 2019</td></tr>"
    ) in html
    assert html.count("<td>Former &amp;") == len(Position.Role.values)


def test_waiting_invitations_show_who_and_until_when(client, council, clerk):
    issue_invitation(
        council=council, email="o'neill@example.org", full_name='Sam "<b>" O\'Neill', invited_by=clerk
    )
    issue_invitation(council=council, email="chair@example.org", full_name="", role=Position.Role.CHAIR)
    Invitation.objects.filter(email="o'neill@example.org").update(
        created_at=at(2026, 6, 30, 23, 15), expires_at=at(2099, 7, 7, 23, 15)
    )

    html = people_page(client, council, clerk)

    assert (
        "<li>Sam &quot;&lt;b&gt;&quot; O&#x27;Neill (o&#x27;neill@example.org), councillor: "
        "invited 1 July 2026, link works until 8 July 2099</li>"
    ) in html
    assert "<li>chair@example.org (chair@example.org), chair: invited" in html
