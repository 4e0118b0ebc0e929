"""A member browses partners by category and finds key contacts, in headless Chromium
with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import AreaCommitteeFactory, PositionFactory
from members.tests.factories_office import (
    KeyContactFactory,
    PartnerCategoryFactory,
    PartnerFactory,
    area_chair_contact,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_browses_partners_by_category_and_finds_key_contacts(browser_page, axe):
    councillor = PositionFactory(role=Position.Role.COUNCILLOR).user
    auditors = PartnerCategoryFactory(name="Internal auditors", slug="internal-auditors", order=20)
    insurers = PartnerCategoryFactory(name="Insurers", slug="insurers", order=40)
    PartnerFactory(name="Weald Internal Audit", slug="weald-audit", category=auditors, member_offer="10% off")
    PartnerFactory(
        name="Medway Mutual Insurance",
        slug="medway-mutual",
        category=insurers,
        member_offer="A free review of your cover",
    )
    KeyContactFactory(name="Sam Patel", role_title="Member services officer")
    area_chair_contact(name="Cllr Chris Baker", area_committee=AreaCommitteeFactory(district="Swale"))
    page = browser_page

    sign_in(page, axe, councillor.email)
    page.get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners and affiliates")
    expect(page.get_by_role("heading", name="Internal auditors")).to_be_visible()
    expect(page.get_by_role("heading", name="Insurers")).to_be_visible()
    axe.check(page)

    page.get_by_label("Category").select_option(label="Insurers (1)")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=insurers"))
    expect(page.get_by_role("link", name="Medway Mutual Insurance")).to_be_visible()
    expect(page.get_by_role("link", name="Weald Internal Audit")).to_have_count(0)
    expect(page.get_by_text("1 partner match your filter.")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Medway Mutual Insurance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medway Mutual Insurance")
    expect(page.get_by_text("A free review of your cover")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Back to all partners").click()
    axe.check(page)
    page.get_by_role("link", name="key contacts at KALC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Key contacts")
    expect(page.get_by_text("Sam Patel")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Swale Area Committee")).to_be_visible()
    axe.check(page)
