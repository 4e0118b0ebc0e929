"""Feedback in headless Chromium, axe-core on every page: after the course the councillor
opens the form from the request email, sends nothing (the message is by the rating), then
rates it by keyboard; the training officer sees the score on the past events and reads
the comments."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from kalc_portal.outbox.models import OutgoingMail
from members import permissions as member_permissions
from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import CouncilFactory, PositionFactory, office_user
from training import notifications
from training.models import EventFeedback
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_rates_the_course_by_keyboard_and_the_training_officer_reads_it(browser_page, axe):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    tom = PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Tom Fletcher").user
    event = EventFactory(title="Planning for councillors", slug="planning-for-councillors")
    services.booking_request(
        event_id=event.pk, booked_by=clerk, council_id=council.pk, attendees=[Attendee("", "", tom.pk)]
    )
    officer = office_user(member_permissions.TRAINING_OFFICER, full_name="Tara Trainer")
    page = browser_page

    # Forward only: the browser keeps real time, so its cookies stay valid.
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=1)):
        notifications.feedback_requests_queue()
        request = OutgoingMail.objects.get(purpose="training.feedback_request", to=tom.email)
        url = re.search(r"http://testserver(/training/\S+/feedback/)", request.body_text)[1]

        sign_in(page, axe, tom.email)
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Feedback: Planning for councillors")
        axe.check(page)

        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose a rating from 1")
        axe.check(page)
        assert not EventFeedback.objects.exists()

        page.get_by_label("4: good").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.type("Good examples from Kent councils.")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Send feedback")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_text("you gave this event 4 out of 5")).to_be_visible()
        axe.check(page)
        assert list(EventFeedback.objects.values_list("rating", "comments")) == [
            (4, "Good examples from Kent councils.")
        ]

        sign_in(page, axe, officer.email, totp_secret=officer.totp_secret, fresh=True)
        page.goto("/training/staff/?period=past")
        expect(page.get_by_role("link", name=re.compile("4.0 of 5"))).to_be_visible()
        axe.check(page)
        page.get_by_role("link", name=re.compile("4.0 of 5")).click()
        expect(page.get_by_text("Good examples from Kent councils.")).to_be_visible()
        axe.check(page)
