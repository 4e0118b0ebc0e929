"""A member asks the office a question and staff answer it; the member reads the answer.
Headless Chromium, axe-core on every page, a real Celery worker for the email."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail as django_mail
from playwright.sync_api import expect

from members.models import Feedback, Position
from members.tests.browser import sign_in
from members.tests.factories import (
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    staff_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_asks_the_office_and_staff_answer(browser_page, axe, celery_worker):
    council = CouncilFactory(name="Ash", area_committee=AreaCommitteeFactory(district="Dover"))
    member = PositionFactory(
        council=council, role=Position.Role.CHAIR, user=UserFactory(full_name="Priya Shah")
    ).user
    secret = generate_totp_secret()
    staff = staff_user(with_totp=False, full_name="Sam Patel")
    TOTP.activate(staff, secret)
    page = browser_page

    sign_in(page, axe, member.email, fresh=True)
    page.get_by_role("link", name="Ask the office", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the office")
    expect(page.get_by_label("Area committee (optional)")).to_have_value(str(council.area_committee.pk))
    axe.check(page)

    page.get_by_label("Your feedback or question").fill("When must we tell the district our precept?")
    page.get_by_role("button", name="Send to the office").click()
    expect(page.get_by_role("alert")).to_contain_text("Subject: Enter a subject.")
    axe.check(page)
    page.get_by_label("Subject").fill("Precept deadline")
    page.get_by_role("button", name="Send to the office").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Precept deadline")
    expect(page.locator("#feedback-status")).to_have_text("Open")
    axe.check(page)
    item = Feedback.objects.get()
    assert item.area_committee == council.area_committee

    sign_in(page, axe, staff.email, totp_secret=secret, fresh=True)
    page.goto("/feedback/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback queue")
    axe.check(page)
    page.get_by_label("Status").select_option(label="Open")
    page.get_by_role("button", name="Filter").click()
    axe.check(page)
    page.get_by_role("link", name="Precept deadline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Precept deadline")
    axe.check(page)

    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Write the answer to send.")
    axe.check(page)
    page.get_by_role("textbox", name=re.compile(r"^Answer")).fill("Tell the district council by 31 January.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Your answer has been sent to Priya Shah.")).to_be_visible()
    expect(page.locator("#feedback-status")).to_have_text("Answered")
    axe.check(page)

    deadline = time.monotonic() + 15
    while not django_mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    [email] = django_mail.outbox
    assert email.to == [member.email]
    assert "Tell the district council by 31 January." in email.body

    sign_in(page, axe, member.email, fresh=True)
    page.goto("/feedback/mine/")
    expect(page.get_by_text("Tell the district council by 31 January.")).to_be_visible()
    axe.check(page)
