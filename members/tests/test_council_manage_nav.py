"""The links above the clerk's pages are written in Python (members/templatetags/council_manage_nav.py);
this is the template it replaces, and the output must be the same."""

# ruff: noqa: E501 - the template is kept line for line as it was

import re

import pytest
from django.template import engines

from members.models import Council
from members.templatetags.council_manage_nav import council_manage_nav
from members.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

NAV_TEMPLATE = """{% url 'members:council_detail' council.slug as council_url %}
{% if council_url %}<p><a href="{{ council_url }}">Back to {{ council.display_name }}</a></p>{% endif %}
{% if can_manage %}
<nav aria-label="Running the council's record" class="mb-4">
  <ul class="nav nav-pills flex-wrap">
    <li class="nav-item"><a class="nav-link{% if active == 'people' %} active{% endif %}" href="{% url 'members:council_people' council.slug %}"{% if active == 'people' %} aria-current="page"{% endif %}>People</a></li>
    <li class="nav-item"><a class="nav-link{% if active == 'invite' %} active{% endif %}" href="{% url 'members:council_invite' council.slug %}"{% if active == 'invite' %} aria-current="page"{% endif %}>Invite someone</a></li>
    <li class="nav-item"><a class="nav-link{% if active == 'edit' %} active{% endif %}" href="{% url 'members:council_edit' council.slug %}"{% if active == 'edit' %} aria-current="page"{% endif %}>Contact details</a></li>
    {% if can_hand_over %}<li class="nav-item"><a class="nav-link{% if active == 'handover' %} active{% endif %}" href="{% url 'members:clerk_handover' council.slug %}"{% if active == 'handover' %} aria-current="page"{% endif %}>Hand over the clerkship</a></li>{% endif %}
  </ul>
</nav>
{% endif %}"""


def normalised(html) -> str:
    # Whitespace between tags is all the template adds; it means nothing in HTML.
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.fixture
def council():
    return CouncilFactory(name="St. Mary's & <All> Saints", slug="st-marys_2", kind=Council.Kind.TOWN)


@pytest.mark.parametrize("active", ["people", "invite", "edit", "handover", ""])
@pytest.mark.parametrize("can_manage, can_hand_over", [(True, True), (True, False), (False, False)])
def test_the_nav_matches_the_template(council, active, can_manage, can_hand_over):
    context = {"council": council, "active": active, "can_manage": can_manage, "can_hand_over": can_hand_over}
    expected = normalised(engines["django"].from_string(NAV_TEMPLATE).render(context))

    assert "Back to St. Mary&#x27;s &amp; &lt;All&gt; Saints Town" in expected
    assert normalised(council_manage_nav(council, active, can_manage, can_hand_over)) == expected


@pytest.mark.parametrize("page", ["people", "invite", "edit", "handover"])
def test_every_page_the_clerk_runs_shows_it(client, council, page):
    from members.models import Position
    from members.tests.factories import PositionFactory, UserFactory

    clerk = UserFactory()
    PositionFactory(user=clerk, council=council, role=Position.Role.CLERK)
    client.force_login(clerk)

    html = normalised(client.get(f"/councils/{council.slug}/{page}/").content.decode())

    context = {"council": council, "active": page, "can_manage": True, "can_hand_over": True}
    assert normalised(engines["django"].from_string(NAV_TEMPLATE).render(context)) in html
