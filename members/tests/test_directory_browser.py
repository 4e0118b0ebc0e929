"""Directory journeys in headless Chromium, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Council, Position
from members.tests.browser import sign_in
from members.tests.factories import PositionFactory, UserFactory
from members.tests.factories_directory import load_kent_councils

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sandwich_people():
    load_kent_councils()
    sandwich = Council.objects.get(name="Sandwich")
    Council.objects.filter(pk=sandwich.pk).update(
        contact_email="clerk@sandwichtowncouncil.example.org", membership_year=2026
    )
    clerk = UserFactory(email="clerk.sandwich@example.org", full_name="Alex Morgan")
    PositionFactory(user=clerk, council=sandwich, role=Position.Role.CLERK)
    chair = UserFactory(full_name="Priya Shah")
    PositionFactory(user=chair, council=sandwich, role=Position.Role.CHAIR)
    return clerk, chair


def test_clerk_searches_with_a_typo_and_opens_their_council_overview(browser_page, axe, sandwich_people):
    clerk, chair = sandwich_people
    page = browser_page
    sign_in(page, axe, clerk.email)

    page.get_by_role("link", name="Councils", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council directory")
    expect(page.get_by_text("Showing 1 to 50 of 326 councils.")).to_be_visible()
    axe.check(page)

    page.get_by_label("Council name").fill("Sandwitch")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/councils/\?q=Sandwitch"))
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Sandwich Town Council")
    expect(first_row).to_contain_text("clerk@sandwichtowncouncil.example.org")
    axe.check(page)

    first_row.get_by_role("link", name="Sandwich Town Council").click()
    expect(page).to_have_url(re.compile(r"/councils/sandwich/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sandwich Town Council")
    expect(page.get_by_role("heading", name="Council overview")).to_be_visible()
    people = page.get_by_role("table")
    expect(people.get_by_role("row", name=re.compile("Alex Morgan"))).to_contain_text("Clerk")
    expect(people.get_by_role("row", name=re.compile("Priya Shah"))).to_contain_text("Chair")
    expect(people.get_by_role("row", name=re.compile("Priya Shah"))).to_contain_text("never")
    expect(page.get_by_text("Member, paid for 2026/27")).to_be_visible()
    axe.check(page)

    # From the council page to its area committee and back to another council, all by link.
    page.get_by_role("link", name="Dover Area Committee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dover Area Committee")
    expect(page.get_by_text("35 member councils in Dover.")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Ash Parish Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ash Parish Council")
    expect(page.get_by_role("heading", name="Council overview")).to_have_count(0)
    axe.check(page)


def test_directory_filters_errors_empty_results_and_pages_pass_axe(browser_page, axe, sandwich_people):
    clerk, _ = sandwich_people
    page = browser_page
    sign_in(page, axe, clerk.email)
    page.goto("/councils/")
    axe.check(page)

    page.get_by_label("District").select_option("Thanet")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Showing 1 to 11 of 11 councils.")).to_be_visible()
    axe.check(page)

    page.get_by_label("Council name").fill("Zzyzx")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No councils match your search.")).to_be_visible()
    axe.check(page)

    # The field's maxlength stops typing at 100; a pasted or edited address can still go past it.
    page.goto("/councils/?q=" + "x" * 120)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Council name: Enter a council name of 100 characters or fewer.")
    axe.check(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Council name")).to_be_focused()

    page.get_by_role("link", name="Clear the search and filters").click()
    page.get_by_role("navigation", name="Pages of councils").get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    axe.check(page)

    page.get_by_role("link", name="Browse councils by area committee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area committees")
    expect(page.get_by_role("row", name=re.compile("Swale Area Committee"))).to_contain_text("39")
    axe.check(page)


def test_anonymous_visitor_finds_a_council_and_sees_only_public_contact_details(browser_page, axe):
    load_kent_councils()
    Council.objects.filter(name="Sevenoaks").update(
        contact_email="info@sevenoakstown.example.org",
        contact_phone="01732 459953",
        website="https://sevenoakstown.example.org/",
        address="Bradbourne Vale Road, Sevenoaks",
        electorate=23000,
        membership_year=2026,
    )
    sevenoaks = Council.objects.get(name="Sevenoaks")
    PositionFactory(council=sevenoaks, role=Position.Role.CLERK, user=UserFactory(full_name="Jo Private"))

    page = browser_page
    page.goto("/")
    axe.check(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find your council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your parish or town council")
    axe.check(page)

    page.get_by_label("Council name").fill("sevenoks")
    page.get_by_role("button", name="Find councils").click()
    first = page.locator("main li").first
    expect(first.get_by_role("heading", level=3)).to_have_text("Sevenoaks Town Council")
    expect(first.get_by_role("link", name="info@sevenoakstown.example.org")).to_be_visible()
    expect(first).to_contain_text("01732 459953")
    expect(first.get_by_role("link", name="https://sevenoakstown.example.org/")).to_be_visible()
    main_text = page.locator("main").inner_text()
    for private in ["Bradbourne Vale", "23000", "23,000", "2026", "Member", "Jo Private", "Clerk"]:
        assert private not in main_text
    axe.check(page)

    page.get_by_label("District").select_option("Gravesham")
    page.get_by_label("Council name").fill("")
    page.get_by_role("button", name="Find councils").click()
    expect(page.get_by_text("Showing 1 to 6 of 6 councils.")).to_be_visible()
    axe.check(page)

    # The members' pages send a visitor to sign in.
    page.goto("/councils/sevenoaks/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/councils/sevenoaks/"))
    axe.check(page)
