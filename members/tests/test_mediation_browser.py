"""A clerk asks for mediation; a mediation officer moves the case to assessing and the
clerk is emailed. Headless Chromium, axe-core on every page, a real Celery worker."""

import time

import pytest
from django.core import mail as django_mail
from playwright.sync_api import expect

from members import permissions
from members.models import MediationCase, Position
from members.tests.browser import sign_in
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, office_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_subject(subject: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in django_mail.outbox if m.subject == subject]
        if found:
            return found
        time.sleep(0.1)
    return []


def test_a_clerk_asks_for_mediation_and_an_officer_moves_it_to_assessing(browser_page, axe, celery_worker):
    council = CouncilFactory(name="Sandwich", kind="town")
    clerk = PositionFactory(
        council=council, role=Position.Role.CLERK, user=UserFactory(full_name="Alex Morgan")
    ).user
    # An office role: their powers need the authenticator app, used at sign-in.
    officer = office_user(permissions.MEDIATION_OFFICER, full_name="Morgan Reid")
    page = browser_page

    sign_in(page, axe, clerk.email, fresh=True)
    page.goto("/mediation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for mediation")
    axe.check(page)

    # Sent empty first: the summary and the fields say what is missing.
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Tell us briefly what has happened.")
    axe.check(page)
    assert not MediationCase.objects.exists()

    page.get_by_label("What has happened?").fill(
        "Two councillors no longer speak and meetings are inquorate."
    )
    page.get_by_label("Who is involved?").fill("Two councillors and the chair")
    page.get_by_label("How should we contact you? (optional)").fill("Phone, weekday mornings")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request has been sent")).to_be_visible()
    expect(page.locator("#case-status")).to_have_text("Received")
    axe.check(page)
    case = MediationCase.objects.get()
    assert wait_for_subject(f"[KALC] We have received your mediation request (case {case.pk})")

    sign_in(page, axe, officer.email, totp_secret=officer.totp_secret, fresh=True)
    page.goto("/mediation/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mediation cases")
    axe.check(page)
    page.get_by_role("link", name=f"Case {case.pk}: Sandwich Town Council").click()
    expect(page.get_by_text("Two councillors no longer speak")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Assign this case to me").click()
    expect(page.locator("#case-officer")).to_have_text("Morgan Reid")
    axe.check(page)

    page.get_by_label("New status").select_option(label="Assessing")
    page.get_by_label("Note for the requester (optional)").fill("I will call you on Monday morning.")
    page.get_by_role("button", name="Update status").click()
    expect(page.locator("#case-status")).to_have_text("Assessing")
    expect(page.get_by_text("The case is now assessing.")).to_be_visible()
    axe.check(page)

    [email] = wait_for_subject(f"[KALC] Mediation case {case.pk} is now assessing")
    assert email.to == [clerk.email]
    assert "I will call you on Monday morning." in email.body


def test_a_councillor_is_told_who_can_ask_and_sees_no_cases(browser_page, axe):
    councillor = PositionFactory(role=Position.Role.COUNCILLOR).user
    page = browser_page

    sign_in(page, axe, councillor.email, fresh=True)
    page.goto("/mediation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for mediation")
    expect(page.get_by_text("requested on a council's behalf by its clerk or its chair")).to_be_visible()
    axe.check(page)
    page.goto("/mediation/cases/")
    expect(page.get_by_text("There are no mediation cases to show.")).to_be_visible()
    axe.check(page)
