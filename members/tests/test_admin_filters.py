"""The council list's filters at national scale must list what Django's own filters list."""

import re

import pytest
from django.contrib import admin

from members.models import Council
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db

COUNCIL_LIST = "/admin/members/council/"


def filter_block(html: str, title: str) -> str:
    block = re.search(rf'<details data-filter-title="{title}".*?</details>', html, re.S).group(0)
    return re.sub(r">\s+<", "><", block)


@pytest.fixture
def office_client(client):
    sign_in(client, staff_user())
    return client


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"area_committee__id__exact": "COMMITTEE"},
        {"q": "bulk", "membership_year": "2026"},
        {"_facets": "True", "kind__exact": "parish"},
    ],
)
def test_area_committee_filter_lists_what_django_lists(office_client, monkeypatch, query):
    dover = AreaCommitteeFactory(district="Dover", name="Dover & <Deal> Area Committee")
    AreaCommitteeFactory(district="Swale")
    CouncilFactory(area_committee=dover, name="Bulk 1", membership_year=2026)
    if "area_committee__id__exact" in query:
        query = {**query, "area_committee__id__exact": str(dover.pk)}
    ours = filter_block(office_client.get(COUNCIL_LIST, query).content.decode(), "area committee")
    council_admin = admin.site.get_model_admin(Council)
    monkeypatch.setattr(council_admin, "list_filter", ["area_committee", *council_admin.list_filter[1:]])
    djangos = filter_block(office_client.get(COUNCIL_LIST, query).content.decode(), "area committee")
    assert ours == djangos
    assert "Dover &amp; &lt;Deal&gt; Area Committee" in ours


def test_membership_year_filter_lists_the_years_in_use_and_empty(office_client):
    committee = AreaCommitteeFactory()
    for year in (2024, 2026, 2026, None):
        CouncilFactory(area_committee=committee, membership_year=year)
    html = office_client.get(COUNCIL_LIST).content.decode()
    block = filter_block(html, "membership year")
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', block) == [
        ("?", "All"),
        ("?membership_year=2024", "2024"),
        ("?membership_year=2026", "2026"),
        ("?membership_year__isnull=True", "-"),
    ]
    filtered = office_client.get(COUNCIL_LIST, {"membership_year__isnull": "True"}).content.decode()
    assert "1 council" in filtered
