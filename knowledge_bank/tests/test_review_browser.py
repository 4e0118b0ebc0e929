"""Staff work through the review board by keyboard: a section per hub with its earliest
items, "See all due in <hub>" to that hub's pages, "Mark reviewed" back to the same
page. Headless Chromium, axe-core after every navigation."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.tests.browser import sign_in
from members.tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_each_hubs_earliest_items_and_page_through_one_hub(browser_page, axe):
    secret = generate_totp_secret()
    staff = staff_user(with_totp=False, full_name="Sam Patel", email="sam@kalc.example.org")
    TOTP.activate(staff, secret)
    resilience = HubFactory(name="Resilience", slug="resilience", position=1)
    climate = HubFactory(name="Climate change", slug="climate-change", position=2)
    owner = office_author(full_name="Olivia Office")
    today = timezone.localdate()
    for number in range(1, 56):
        ResourceFactory(
            title=f"Resilience item {number:02d}",
            owner=owner,
            hubs=[resilience],
            review_due=today - datetime.timedelta(days=60 - number),
        )
    ResourceFactory(title="Net zero next steps", owner=owner, hubs=[climate], review_due=today)
    ResourceFactory(title="Allotments guide", owner=owner, status="draft", review_due=today)
    page = browser_page

    sign_in(page, axe, staff.email, totp_secret=secret, fresh=True)
    page.goto("/knowledge/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources due for review")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Resilience", "Climate change", "No hub"])
    section = page.get_by_role("region", name="Resilience")
    expect(section.locator("tbody tr")).to_have_count(10)
    expect(section.locator("tbody tr").first).to_contain_text("Resilience item 01")
    expect(section.locator("tbody tr").first).to_contain_text("59 days overdue")
    expect(page.get_by_role("region", name="No hub")).to_contain_text("Draft")
    expect(page.get_by_role("link", name=re.compile("^See all due"))).to_have_count(1)
    axe.check(page)

    section.get_by_role("link", name="See all due in Resilience").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/knowledge/review/\?hub={resilience.pk}&window=30$"))
    expect(page.get_by_label("Hub")).to_have_value(str(resilience.pk))
    expect(page.locator("#review-count")).to_contain_text("55 items. Page 1 of 2.")
    expect(page.get_by_role("region", name="Resilience").locator("tbody tr")).to_have_count(50)
    axe.check(page)

    page.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2$"))
    rows = page.get_by_role("region", name="Resilience").locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("Resilience item 51")
    axe.check(page)

    page.get_by_role("button", name="Mark reviewed “Resilience item 55”").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("“Resilience item 55” is marked reviewed.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"page=2$"))
    expect(page.get_by_role("region", name="Resilience").locator("tbody tr")).to_have_count(4)
    axe.check(page)

    page.goto(f"/knowledge/review/?hub={resilience.pk}&page=9999")
    expect(page.get_by_role("status")).to_have_text("That page does not exist, so this is page 2 of 2.")
    axe.check(page)

    page.get_by_role("link", name="Back to every hub").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(["Resilience", "Climate change", "No hub"])
    axe.check(page)
