"""Sign-in journey in headless Chromium, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Position
from members.tests.factories import PASSWORD, CouncilFactory, PositionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_and_lands_on_my_kalc_with_their_council(browser_page, axe):
    council = CouncilFactory(name="Sandwich", kind="town")
    clerk = UserFactory(email="clerk.sandwich@example.org", full_name="Alex Morgan")
    PositionFactory(user=clerk, council=council, role=Position.Role.CLERK)

    page = browser_page
    page.goto("/")
    axe.check(page)
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe.check(page)

    page.get_by_label("Email").fill("clerk.sandwich@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My KALC")
    expect(page.get_by_role("link", name="Sandwich Town Council", exact=True)).to_be_visible()
    expect(page.get_by_text("Clerk since")).to_be_visible()
    axe.check(page)


def test_wrong_password_shows_an_error_that_gives_no_account_hint(browser_page, axe):
    UserFactory(email="chair@example.org")
    page = browser_page
    page.goto("/accounts/login/")
    axe.check(page)

    page.get_by_label("Email").fill("chair@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    wrong_password_error = summary.inner_text()
    axe.check(page)

    page.get_by_label("Email").fill("nobody-here@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    unknown_account_error = page.get_by_role("alert").inner_text()
    axe.check(page)

    # The same words whether or not the account exists: nothing to enumerate.
    assert wrong_password_error == unknown_account_error
    assert "not correct" in wrong_password_error
    for hint in ("no account", "does not exist", "not registered", "unknown"):
        assert hint not in wrong_password_error.lower()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_public_pages_and_sign_up_explanation_pass_axe(browser_page, axe):
    page = browser_page
    for path, heading in [
        ("/privacy/", "Privacy notice"),
        ("/accessibility/", "Accessibility statement"),
        ("/accounts/signup/", "How to get access"),
        ("/accounts/password/reset/", None),
        ("/no-such-page/", "Page not found"),
    ]:
        page.goto(path)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("h1")).to_have_count(1)
        axe.check(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser_page, axe):
    page = browser_page
    page.goto("/")
    axe.check(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_signed_in_menu_opens_by_keyboard_and_signs_out(browser_page, axe):
    user = UserFactory(email="councillor@example.org", full_name="Tom Fletcher")
    PositionFactory(user=user)
    page = browser_page
    page.goto("/accounts/login/")
    axe.check(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)

    menu = page.get_by_role("button", name=re.compile("Account menu for"))
    menu.focus()
    page.keyboard.press("Enter")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    axe.check(page)
    sign_out.click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    axe.check(page)
