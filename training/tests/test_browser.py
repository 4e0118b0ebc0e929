"""The issue's journey in headless Chromium, axe-core on every page: a clerk books two
councillors onto a course, sees the booking and its confirmation rows with the .ics,
then cancels one place, which is offered to the chair waiting for it; a chair takes an
offer; the training officer (not office staff) reads the events and the invoice list, and marks
a past course's register by keyboard, whose attendee then downloads the certificate."""

import base64
import datetime
import re
from decimal import Decimal

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kalc_portal.outbox.models import OutgoingMail
from members import permissions as member_permissions
from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import CouncilFactory, PositionFactory, office_user
from training.models import BookingPlace, SessionAttendance, WaitingListEntry
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory, in_person_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_books_two_councillors_onto_a_course_and_cancels_one(browser_page, axe):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    tom = PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Tom Fletcher").user
    ruth = PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Ruth Okafor").user
    PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Nadia Brook")
    other = CouncilFactory(name="Ash", slug="ash")
    chair = PositionFactory(council=other, role=Position.Role.CHAIR, user__full_name="Priya Shah").user
    event = EventFactory(
        title="Planning for councillors", slug="planning-for-councillors", audience="councillors", capacity=2
    )
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training and events")
    axe.check(page)

    page.get_by_role("link", name="Planning for councillors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning for councillors")
    axe.check(page)

    # Nothing chosen: the message is by the list, and nothing is booked.
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one person")
    axe.check(page)
    assert not BookingPlace.objects.exists()

    page.get_by_label(re.compile("Tom Fletcher")).check()
    page.get_by_label(re.compile("Ruth Okafor")).check()
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking: Planning for councillors")
    expect(page.get_by_text("Booked: Planning for councillors.")).to_be_visible()
    axe.check(page)

    places = BookingPlace.objects.filter(event=event, status="confirmed")
    assert sorted(places.values_list("user_id", flat=True)) == sorted([tom.pk, ruth.pk])
    confirmation = OutgoingMail.objects.get(purpose="training.booking_confirmed", to=tom.email)
    ics = icalendar.Calendar.from_ical(base64.b64decode(confirmation.attachments[0]["content"]))
    assert [str(v["SUMMARY"]) for v in ics.walk("VEVENT")] == ["Planning for councillors"]

    # Full now: the chair of another council waits for a place.
    entry = services.booking_request(
        event_id=event.pk, booked_by=chair, council_id=other.pk, attendees=[Attendee("", "", chair.pk)]
    )
    assert isinstance(entry, WaitingListEntry)

    page.get_by_label(re.compile("Ruth Okafor")).check()
    page.get_by_role("button", name="Cancel the chosen places").click()
    expect(page.get_by_text("Cancelled: Ruth Okafor.")).to_be_visible()
    axe.check(page)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert OutgoingMail.objects.filter(purpose="training.waiting_list_offer", to=chair.email).exists()

    page.get_by_role("link", name="My bookings").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    axe.check(page)


def test_the_waiting_chair_takes_the_offer_and_the_training_officer_sees_the_lists(browser_page, axe):
    council = CouncilFactory(name="Ash", slug="ash")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    chair = PositionFactory(council=council, role=Position.Role.CHAIR, user__full_name="Priya Shah").user
    event = EventFactory(title="Chairmanship", slug="chairmanship", capacity=1, member_price=Decimal("40.00"))
    booking = services.booking_request(
        event_id=event.pk, booked_by=clerk, council_id=council.pk, attendees=[Attendee("", "", clerk.pk)]
    )
    entry = services.booking_request(
        event_id=event.pk, booked_by=chair, council_id=council.pk, attendees=[Attendee("", "", chair.pk)]
    )
    services.booking_places_cancel(booking_id=booking.pk, by=clerk)
    officer = office_user(member_permissions.TRAINING_OFFICER, full_name="Tara Trainer")
    page = browser_page

    sign_in(page, axe, chair.email)
    page.goto("/training/my-bookings/")
    axe.check(page)
    page.get_by_role("link", name="Take the places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Places offered: Chairmanship")
    axe.check(page)
    page.get_by_role("button", name="Book this place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking: Chairmanship")
    axe.check(page)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.BOOKED

    sign_in(page, axe, officer.email, totp_secret=officer.totp_secret, fresh=True)
    page.goto("/training/staff/")
    expect(page.get_by_role("cell", name="1 of 1")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Bookings to invoice").click()
    expect(page.get_by_role("rowheader", name=entry.booking.invoice_reference)).to_be_visible()
    axe.check(page)


def test_the_training_officer_marks_the_register_by_keyboard_and_the_councillor_gets_a_certificate(
    browser_page, axe
):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    tom = PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Tom Fletcher").user
    ruth = PositionFactory(council=council, role=Position.Role.COUNCILLOR, user__full_name="Ruth Okafor").user
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    event = EventFactory(
        title="Code of conduct", slug="code-of-conduct", starts_at=start, sessions=[in_person_session(start)]
    )
    services.booking_request(
        event_id=event.pk,
        booked_by=clerk,
        council_id=council.pk,
        attendees=[Attendee("", "", tom.pk), Attendee("", "", ruth.pk)],
        now=event.booking_opens_at + datetime.timedelta(hours=1),
    )
    officer = office_user(member_permissions.TRAINING_OFFICER, full_name="Tara Trainer")
    page = browser_page

    sign_in(page, axe, officer.email, totp_secret=officer.totp_secret)
    page.goto("/training/staff/?period=past")
    axe.check(page)
    page.get_by_role("link", name="Register for Code of conduct").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register: Code of conduct")
    axe.check(page)

    # By keyboard alone: Ruth is first by name; Space ticks, Tab moves on to Tom, then the button.
    page.get_by_label(re.compile("Ruth Okafor")).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("Tom Fletcher"))).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the register")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Register saved: 1 of 2 present.")).to_be_visible()
    axe.check(page)
    marks = dict(SessionAttendance.objects.values_list("place__user_id", "present"))
    assert marks == {tom.pk: True, ruth.pk: False}

    sign_in(page, axe, tom.email, fresh=True)
    page.get_by_role("link", name="your training record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My training record")
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificate (PDF) for Code of conduct").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("certificate-code-of-conduct-")
