"""A councillor browses the knowledge bank, saves a resource and finds it in My saved
items, in headless Chromium with axe-core on every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import PASSWORD, PositionFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_opens_a_hub_saves_a_resource_and_finds_it_again(browser_page, axe):
    staff_user(full_name="Olivia Office")
    call_command("provision_knowledge", "--demo-content", stdout=None)
    councillor = PositionFactory(role=Position.Role.COUNCILLOR).user
    page = browser_page

    sign_in(page, axe, councillor.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Knowledge bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge bank")
    expect(page.get_by_role("search", name="Search the knowledge bank")).to_be_visible()
    expect(page.get_by_role("heading", name="What's new")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Climate change", exact=True).click()
    expect(page).to_have_url(re.compile(r"/knowledge/hubs/climate-change/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Climate change")
    expect(page.get_by_role("heading", level=2, name="Templates")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="After the declaration: next steps on climate action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "After the declaration: next steps on climate action"
    )
    expect(page.get_by_role("heading", name="Month 1 to 2: set up a working group")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Save this resource").click()
    expect(page.get_by_role("status")).to_contain_text("is in your saved items")
    expect(page.get_by_role("button", name="Remove from saved items")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="My saved items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My saved items")
    expect(
        page.get_by_role("link", name="After the declaration: next steps on climate action")
    ).to_be_visible()
    axe.check(page)


def test_a_members_link_from_a_newsletter_asks_for_sign_in_then_opens(browser_page, axe):
    staff_user(full_name="Olivia Office")
    call_command("provision_knowledge", "--demo-content", stdout=None)
    clerk = PositionFactory(role=Position.Role.CLERK).user
    page = browser_page

    page.goto("/knowledge/communication-and-engagement-toolkit/")
    expect(page).to_have_url(
        re.compile(r"/accounts/login/\?next=/knowledge/communication-and-engagement-toolkit/")
    )
    axe.check(page)
    page.get_by_label("Email").fill(clerk.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/knowledge/communication-and-engagement-toolkit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Communication and engagement toolkit")
    expect(page.get_by_role("table")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Knowledge bank", exact=True).first.click()
    axe.check(page)
    page.get_by_role("link", name="Everything new in the knowledge bank").click()
    page.get_by_label("Kind of resource").select_option(label="Legal topic note")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"kind=legal_note"))
    expect(page.get_by_role("status")).to_contain_text("3 resources of this kind")
    axe.check(page)
