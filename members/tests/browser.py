"""Shared steps for the members' browser tests."""

import re

from playwright.sync_api import expect

from members.tests.factories import PASSWORD, totp_code


def sign_in(page, axe, email, *, password=PASSWORD, totp_secret=None, fresh=False, expect_my_kalc=True):
    """Sign in through the real form (and the authenticator step when given a TOTP secret),
    checking every page with axe. `fresh` signs out whoever was signed in first."""
    if fresh:
        page.context.clear_cookies()
    page.goto("/accounts/login/")
    axe.check(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        axe.check(page)
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign in").click()
    if expect_my_kalc:
        expect(page).to_have_url(re.compile(r"/my/$"))
        axe.check(page)
