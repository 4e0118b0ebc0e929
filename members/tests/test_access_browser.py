"""Access journeys in headless Chromium with axe-core on every page, emails delivered
by a real Celery worker."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail as django_mail
from playwright.sync_api import expect

from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import (
    PASSWORD,
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    staff_user,
)
from members.tests.factories_access import INVITATION_LINK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-sturdy-new-passphrase"


def invitation_path(to: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in django_mail.outbox:
            if message.to == [to] and INVITATION_LINK.search(message.body):
                return urlsplit(INVITATION_LINK.search(message.body).group(0)).path
        time.sleep(0.05)
    raise AssertionError(f"no invitation email to {to}")


def sign_out(page, axe):
    page.get_by_role("button", name=re.compile("Account menu for")).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    axe.check(page)


def accept_with_new_password(page, axe, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    axe.check(page)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill("not-the-same-at-all")
    page.get_by_role("button", name="Set my password and accept").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are not the same.")
    axe.check(page)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password and accept").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)


def test_request_access_office_approves_person_sets_password_and_sees_their_council(
    browser_page, axe, celery_worker
):
    CouncilFactory(name="Ash", area_committee=AreaCommitteeFactory(district="Dover"))
    CouncilFactory(
        name="Snodland", kind="town", area_committee=AreaCommitteeFactory(district="Tonbridge and Malling")
    )
    office = staff_user(full_name="Olive Office")
    page = browser_page

    page.goto("/access/request/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for access to the members' section")
    axe.check(page)
    # Sending it empty shows the errors by each field and in the summary.
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe.check(page)
    page.get_by_label("Full name").fill("Sam Taylor")
    page.get_by_label("Email address").fill("sam.taylor@example.org")
    page.get_by_label("Type part of your council's name").fill("ash")
    expect(page.get_by_text("1 council matches")).to_be_visible()
    page.get_by_role("combobox", name=re.compile(r"^Your council")).select_option(label="Ash Parish Council")
    page.get_by_label("Your role for the council").select_option(label="Councillor")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your request has been sent")
    axe.check(page)

    sign_in(page, axe, office.email, totp_secret=office.totp_secret)
    page.goto("/access/requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Access requests")
    axe.check(page)
    page.get_by_role("link", name="Review the request from Sam Taylor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access request from Sam Taylor")
    axe.check(page)
    page.get_by_role("button", name="Approve and send the invitation").click()
    expect(page.get_by_text("An invitation has gone to sam.taylor@example.org")).to_be_visible()
    axe.check(page)
    sign_out(page, axe)

    accept_with_new_password(page, axe, invitation_path("sam.taylor@example.org"))
    expect(page.get_by_text("Ash Parish Council", exact=True)).to_be_visible()

    # The new password works for an ordinary sign-in too.
    sign_out(page, axe)
    sign_in(page, axe, "sam.taylor@example.org", password=NEW_PASSWORD)
    expect(page.get_by_text("Ash Parish Council", exact=True)).to_be_visible()
    expect(page.get_by_text("Councillor since")).to_be_visible()


def test_clerk_invites_a_councillor_who_accepts(browser_page, axe, celery_worker):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = UserFactory(email="clerk@example.org", full_name="Alex Morgan")
    PositionFactory(user=clerk, council=council, role=Position.Role.CLERK)
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.goto("/councils/ash/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People at Ash Parish Council")
    axe.check(page)
    page.get_by_role("link", name="Invite someone", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone to Ash Parish Council")
    axe.check(page)
    page.get_by_label("Full name").fill("Tom Fletcher")
    page.get_by_label("Email address").fill("tom@example.org")
    page.get_by_label("Role").select_option(label="Councillor")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to tom@example.org")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel invitation to tom@example.org")).to_be_visible()
    axe.check(page)
    sign_out(page, axe)

    accept_with_new_password(page, axe, invitation_path("tom@example.org"))
    expect(page.get_by_text("Ash Parish Council", exact=True)).to_be_visible()
    expect(page.get_by_text("Councillor since")).to_be_visible()


def test_clerk_hands_over_to_a_new_clerk_who_accepts(browser_page, axe, celery_worker):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = UserFactory(email="old.clerk@example.org", full_name="Alex Morgan")
    PositionFactory(user=clerk, council=council, role=Position.Role.CLERK)
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.goto("/councils/ash/handover/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand over the clerkship of Ash Parish Council")
    axe.check(page)
    page.get_by_label("New clerk's full name").fill("Jo Newman")
    page.get_by_label("New clerk's email address").fill("jo.newman@example.org")
    page.get_by_role("button", name="Hand over and invite the new clerk").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_text("Handover recorded")).to_be_visible()
    expect(page.get_by_text("Past positions")).to_be_visible()
    axe.check(page)
    sign_out(page, axe)

    accept_with_new_password(page, axe, invitation_path("jo.newman@example.org"))
    expect(page.get_by_text("Clerk since")).to_be_visible()

    # The new clerk runs the council now, and sees their predecessor in its history.
    page.goto("/councils/ash/people/")
    axe.check(page)
    current = page.get_by_role("region", name="Current positions")
    expect(current.get_by_role("cell", name=re.compile("^Jo Newman"))).to_be_visible()
    past = page.get_by_role("region", name="Past positions")
    expect(past.get_by_role("cell", name="Alex Morgan")).to_be_visible()
    assert any(message.to == ["old.clerk@example.org"] for message in django_mail.outbox)


def test_clerk_corrects_contact_details_and_ends_a_councillors_position(browser_page, axe):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = UserFactory(email="clerk@example.org", full_name="Alex Morgan")
    PositionFactory(user=clerk, council=council, role=Position.Role.CLERK)
    PositionFactory(user=UserFactory(full_name="Tom Fletcher"), council=council)
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.goto("/councils/ash/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact details for Ash Parish Council")
    axe.check(page)
    page.get_by_label("Contact email").fill("not an email")
    page.get_by_role("button", name="Save contact details").click()
    expect(page.get_by_role("alert")).to_contain_text("Contact email: Enter a valid email address.")
    axe.check(page)
    page.get_by_label("Contact email").fill("office@ash-pc.example.org")
    page.get_by_label("Contact phone").fill("01304 812345")
    page.get_by_role("button", name="Save contact details").click()
    expect(page.get_by_text("Contact details saved.")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="End position of Tom Fletcher as councillor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End Tom Fletcher's position")
    axe.check(page)
    page.get_by_label("Last day in the role").fill("2001-01-01")
    page.get_by_role("button", name="End the position").click()
    expect(page.get_by_role("alert")).to_contain_text("it cannot end before that")
    axe.check(page)
    page.get_by_label("Last day in the role").fill(time.strftime("%Y-%m-%d"))
    page.get_by_role("button", name="End the position").click()
    expect(page.get_by_text("Tom Fletcher is no longer councillor of Ash Parish Council.")).to_be_visible()
    axe.check(page)
    expect(
        page.get_by_role("region", name="Past positions").get_by_role("cell", name="Tom Fletcher")
    ).to_be_visible()


def test_office_declines_a_request_and_invitation_pages_explain_themselves(browser_page, axe):
    from members.tests.factories_access import bulk_access_requests, issue_invitation, let_invitation_expire

    council = CouncilFactory(name="Ash", slug="ash")
    office = staff_user()
    bulk_access_requests(30, council=council, decided_by=office)
    member = UserFactory(email="member@example.org")
    _, member_token = issue_invitation(council=council, email=member.email, role=Position.Role.CHAIR)
    expired, expired_token = issue_invitation(council=council, email="late@example.org")
    let_invitation_expire(expired)
    page = browser_page

    sign_in(page, axe, office.email, totp_secret=office.totp_secret)
    page.goto("/access/requests/")
    axe.check(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2", exact=True)).to_be_visible()
    axe.check(page)
    page.get_by_label("Status", exact=True).select_option(label="Waiting for the office")
    page.get_by_role("button", name="Filter").click()
    axe.check(page)
    page.get_by_role("link", name="Review the request from Asker 0").click()
    axe.check(page)
    page.get_by_role("button", name="Decline and email the reason").click()
    expect(page.get_by_role("alert")).to_contain_text("Reason for declining: This field is required.")
    axe.check(page)
    page.get_by_label("Reason for declining").fill("We could not confirm you work for the council.")
    page.get_by_role("button", name="Decline and email the reason").click()
    expect(page.get_by_text("Declined. Asker 0 has been emailed the reason.")).to_be_visible()
    axe.check(page)

    # Signed in as someone else, the member's invitation says so.
    page.goto(f"/invitations/{member_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation is for another account")
    axe.check(page)
    page.locator("#main-content").get_by_role("button", name="Sign out").click()
    # Signing out comes back to the invitation, which now asks the member to sign in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to accept your invitation")
    axe.check(page)

    for path, heading in [
        (f"/invitations/{expired_token}/", "This invitation has expired"),
        ("/invitations/no-such-token/", "This invitation link is not valid"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe.check(page)

    page.goto(f"/invitations/{member_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to accept your invitation")
    axe.check(page)
    page.get_by_role("link", name="Sign in to accept").click()
    axe.check(page)
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept your invitation")
    axe.check(page)
    page.get_by_role("button", name="Accept: become chair").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_text("Chair since")).to_be_visible()
    axe.check(page)
