"""Each tab of a sub-navigation opens a page whose heading says what the tab said
(issue 12, usability): the account pages, allauth's account settings and the council's
pages the clerk runs."""

import re

import pytest
from django.utils.html import strip_tags

from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory, sign_in

pytestmark = pytest.mark.django_db

SUB_NAVIGATIONS = r"Your account|Account settings|Running the council's record"
NAV = re.compile(rf'<nav aria-label="(?:{SUB_NAVIGATIONS})".*?</nav>', re.S)
LINK = re.compile(r'<a class="nav-link[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def words(html: str) -> str:
    return " ".join(strip_tags(html).split()).lower()


@pytest.mark.parametrize("start", ["/account/", "/accounts/email/", "/councils/ash/people/"])
def test_every_tab_opens_a_page_headed_with_its_label(client, start):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK).user
    sign_in(client, clerk)

    nav = NAV.search(client.get(start).content.decode())
    assert nav, f"no sub-navigation on {start}"
    tabs = LINK.findall(nav.group(0))
    assert len(tabs) >= 3
    for url, label in tabs:
        page = client.get(url)
        assert page.status_code == 200, url
        heading = words(H1.search(page.content.decode()).group(1))
        assert heading.startswith(words(label)), f"tab “{words(label)}” opens “{heading}”"
