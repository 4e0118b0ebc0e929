"""The deputy clerk in headless Chromium, with axe-core on every page: they run the
council's pages but are offered neither the handover nor the incoming clerk's invitation."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Position
from members.services import council_manage as council_manage_services
from members.tests.browser import sign_in
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory
from members.tests.factories_access import issue_invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deputy_sees_the_handover_invitation_but_cannot_cancel_it(browser_page, axe):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK).user
    deputy = UserFactory(email="deputy@example.org")
    PositionFactory(user=deputy, council=council, role=Position.Role.DEPUTY_CLERK)
    issue_invitation(council=council, email="robin@example.org", full_name="Robin Invitee")
    council_manage_services.clerkship_hand_over(
        council=council,
        incoming_email="jo@example.org",
        incoming_full_name="Jo Newman",
        outgoing_ended_on=timezone.localdate(),
        handed_over_by=clerk,
    )
    page = browser_page

    sign_in(page, axe, deputy.email)
    page.goto("/councils/ash/")
    manage = page.get_by_role("heading", name="Manage your council")
    expect(manage).to_be_visible()
    expect(page.get_by_role("link", name="People and positions")).to_be_visible()
    expect(page.get_by_role("link", name="Hand the clerkship over")).to_have_count(0)
    axe.check(page)

    page.get_by_role("link", name="Invite someone to the council").click()
    expect(page).to_have_url(re.compile(r"/councils/ash/invite/$"))
    axe.check(page)
    waiting = page.get_by_role("region", name="Invitations waiting to be accepted")
    expect(waiting.get_by_role("button", name="Cancel invitation to robin@example.org")).to_be_visible()
    expect(waiting.get_by_role("button", name="Cancel invitation to jo@example.org")).to_have_count(0)
    expect(waiting.get_by_text("Only the clerk or the KALC office can cancel")).to_be_visible()

    waiting.get_by_role("button", name="Cancel invitation to robin@example.org").click()
    expect(page.get_by_text("The invitation to robin@example.org has been cancelled.")).to_be_visible()
    axe.check(page)
