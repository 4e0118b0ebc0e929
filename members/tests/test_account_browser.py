""" "My account" journeys in headless Chromium, with axe-core on every page."""

import json
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from members.models import AccountDeletionRequest, Position
from members.tests.browser import sign_in
from members.tests.factories import (
    CouncilFactory,
    PositionFactory,
    UserFactory,
    staff_user,
    totp_code,
)
from members.tests.factories_account import FeedbackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page, axe) -> None:
    page.get_by_role("button", name=re.compile("Account menu for")).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    axe.check(page)


def test_councillor_edits_profile_and_preferences_and_downloads_their_data(browser_page, axe):
    councillor = UserFactory(email="tom@example.org", full_name="Tom Fletcher")
    PositionFactory(user=councillor, council=CouncilFactory(name="Sandwich", kind="town"))
    FeedbackFactory(author=councillor, subject="Precept question", answer="See the finance toolkit.")
    page = browser_page

    sign_in(page, axe, "tom@example.org", expect_my_kalc=False)
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)
    page.get_by_role("button", name=re.compile("Account menu for")).click()
    page.get_by_role("link", name="Profile and preferences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_text("Sandwich Town Council")).to_be_visible()
    axe.check(page)

    # A phone number that cannot be right is explained, next to the field and in the summary.
    page.get_by_label("Full name").fill("Thomas Fletcher")
    page.get_by_label("Phone number (optional)").fill("12345")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#error_1_id_phone")).to_contain_text("Enter a UK phone number")
    axe.check(page)
    expect(page.get_by_label("Full name")).to_have_value("Thomas Fletcher")  # nothing typed is lost

    page.get_by_label("Phone number (optional)").fill("01304 612345")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Profile saved.")
    expect(page.get_by_label("Phone number (optional)")).to_have_value("01304 612345")
    axe.check(page)

    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Communication preferences"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communication preferences")
    axe.check(page)
    page.get_by_label("Send me KALC News by email").check()
    page.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("status")).to_contain_text("Preferences saved")
    expect(page.get_by_label("Daily digest")).to_be_checked()
    axe.check(page)

    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Download your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    axe.check(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (JSON)").click()
    download = download_info.value
    assert re.fullmatch(r"kalc-personal-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["account"]["email"] == "tom@example.org"
    assert data["account"]["full_name"] == "Thomas Fletcher"
    assert data["account"]["phone"] == "01304 612345"
    assert data["account"]["newsletter_opt_in"] is True
    assert data["account"]["forum_digest"] == "daily"
    assert data["email_addresses"] == [{"email": "tom@example.org", "verified": True, "primary": True}]
    assert [(p["council"], p["role"]) for p in data["positions"]] == [("Sandwich Town Council", "Councillor")]
    assert data["feedback"][0]["answer"] == "See the finance toolkit."
    assert "password" not in json.dumps(data)


def test_member_asks_for_deletion_staff_confirm_and_the_member_cannot_sign_in(browser_page, axe):
    member = UserFactory(email="leaver@example.org", full_name="Lee Leaver")
    PositionFactory(user=member, council=CouncilFactory(name="Ash"), role=Position.Role.CHAIR)
    office = staff_user(with_totp=False, email="office@example.org", full_name="Olive Officer")
    secret = generate_totp_secret()
    TOTP.activate(office, secret)
    page = browser_page

    sign_in(page, axe, "leaver@example.org", expect_my_kalc=False)
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)
    page.goto("/account/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    axe.check(page)

    page.get_by_label("Why are you leaving? (optional)").fill("Standing down in May")
    page.get_by_role("button", name="Ask the office to delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm")
    axe.check(page)
    expect(page.get_by_label("Why are you leaving? (optional)")).to_have_value("Standing down in May")
    page.get_by_label(re.compile("I understand my account will be anonymised")).check()
    page.get_by_role("button", name="Ask the office to delete my account").click()
    expect(page.get_by_role("heading", name="Your request is with the office")).to_be_visible()
    axe.check(page)
    sign_out(page, axe)

    sign_in(page, axe, "office@example.org", expect_my_kalc=False)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe.check(page)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)
    page.get_by_role("button", name="Office", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account deletion requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account deletion requests")
    expect(page.get_by_text("Chair, Ash Parish Council")).to_be_visible()
    expect(page.get_by_text("Standing down in May")).to_be_visible()
    axe.check(page)

    # Cancelling needs a reason for the member; the error shows in that request's own form.
    page.get_by_text("Cancel request").click()
    page.get_by_role("button", name="Cancel Lee Leaver's request").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the request is being cancelled")
    expect(page.get_by_label("Reason for cancelling (sent to the member)")).to_be_visible()
    axe.check(page)
    assert AccountDeletionRequest.objects.get(user=member).status == AccountDeletionRequest.Status.PENDING

    page.get_by_text("Confirm deletion").click()
    page.get_by_role("button", name="Anonymise Lee Leaver's account").click()
    expect(page.get_by_role("status")).to_contain_text("Lee Leaver's account has been anonymised")
    expect(page.get_by_text("No deletion requests are waiting.")).to_be_visible()
    axe.check(page)
    assert AccountDeletionRequest.objects.get(user=member).status == AccountDeletionRequest.Status.COMPLETED
    sign_out(page, axe)

    sign_in(page, axe, "leaver@example.org", expect_my_kalc=False)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    axe.check(page)
