"""Office staff reach the admin only after setting up an authenticator app."""

import re

import pytest
from playwright.sync_api import expect

from members.tests.factories import PASSWORD, CouncilFactory, staff_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_totp_then_search_councils_in_the_admin(browser_page, axe):
    staff = staff_user(with_totp=False, email="office@example.org")
    CouncilFactory(name="Sandwich", kind="town")
    CouncilFactory(name="Snodland", kind="town")
    page = browser_page

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    axe.check(page)
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The admin turns them away to set up TOTP; allauth asks for the password again first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_text("Office staff powers need an authenticator app.")).to_be_visible()
    axe.check(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    axe.check(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page).not_to_have_url(re.compile(r"/activate/$"))
    axe.check(page)

    page.goto("/admin/members/council/?q=sandw")
    expect(page.get_by_role("link", name="Sandwich", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Snodland", exact=True)).to_have_count(0)
    axe.check(page)
