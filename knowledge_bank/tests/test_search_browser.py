"""Searching the knowledge bank in headless Chromium, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from knowledge_bank.models import Resource
from knowledge_bank.selectors.search import PAGE_SIZE
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import PositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_searches_with_a_typo_filters_by_hub_and_pages_through(browser_page, axe):
    clerk = PositionFactory(role=Position.Role.CLERK).user
    owner = office_author()
    climate = HubFactory(name="Climate change", slug="climate-change")
    ResourceFactory(
        title="Climate change action plan",
        summary="Next steps after declaring a <b>climate emergency</b>.",
        body="Agree a climate change action plan at a full council meeting.",
        kind="toolkit",
        audience=Resource.Audience.CLERKS,
        owner=owner,
        hubs=[climate],
    )
    for n in range(PAGE_SIZE + 3):
        ResourceFactory(title=f"Climate briefing {n}", summary="Climate news.", owner=owner, hubs=[climate])
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.goto("/knowledge/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the knowledge bank")
    axe.check(page)

    page.get_by_label("Search for").fill("climte change acton plan")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=climte"))
    first = page.locator(".search-result").first
    expect(first.get_by_role("link", name="Climate change action plan")).to_be_visible()
    expect(page.get_by_text("Titles close to what you typed are included.")).to_be_visible()
    axe.check(page)

    page.get_by_label("Search for").fill("climate")
    page.get_by_label("Hub").select_option(label="Climate change")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text(f"{PAGE_SIZE + 4} results for “climate” with your filters")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    # The summary's markup shows as text inside the highlight, never as formatting.
    expect(page.locator(".search-headline b")).to_have_count(0)
    axe.check(page)

    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"hub=climate-change.*page=2|page=2.*hub=climate-change"))
    expect(page.locator(".search-result")).to_have_count(4)
    axe.check(page)

    page.goto("/knowledge/search/?kind=spreadsheet&page=abc")
    expect(page.get_by_role("alert")).to_contain_text("Choose a kind of resource from the list.")
    axe.check(page)


def test_the_public_search_page_and_empty_results_are_accessible(browser_page, axe):
    ResourceFactory(title="Allotments guide", audience=Resource.Audience.PUBLIC)
    page = browser_page

    page.goto("/knowledge/search/")
    expect(page.locator(".search-result")).to_have_count(1)
    axe.check(page)

    page.goto("/knowledge/search/?q=%26%26%26+!!")
    expect(page.get_by_role("status")).to_contain_text("There is nothing to search for")
    axe.check(page)

    page.goto("/knowledge/search/?q=zebra+crossings")
    expect(page.get_by_role("status")).to_contain_text("No resources match “zebra crossings”")
    axe.check(page)
