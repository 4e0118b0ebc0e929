"""Every training URL x every role, with the exact status expected; a clerk books only for
their own council; the joining link is in the page only for people with a place."""

import datetime

import pytest
from django.utils import timezone

from training.models import BookingPlace, Event, SessionAttendance, WaitingListEntry
from training.services import attendance as attendance_services
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.conftest import ROLES
from training.tests.factories import EventFactory, in_person_session, online_session

pytestmark = pytest.mark.django_db

SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
PAST = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)

EVERYONE = dict.fromkeys(ROLES, 200)
MANAGERS_ONLY = {**dict.fromkeys(ROLES, 404), "training_officer": 200, "staff": 200}
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
# The booking is clerk A's for councillor A: the attendee, council A's clerk's office and
# the people running training see it; to everyone else it does not exist.
BOOKING_VIEWERS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "councillor_a": 200,
    "clerk_a": 200,
    "deputy_clerk_a": 200,
    "training_officer": 200,
    "staff": 200,
}
# The waiting-list entry is clerk A's for council A.
ENTRY_ACTORS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "clerk_a": 200,
    "deputy_clerk_a": 200,
    "training_officer": 200,
    "staff": 200,
}
# The pages for the people running training (the register): a 403 for everyone else.
RUNNING_TRAINING = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "training_officer": 200, "staff": 200}
# Council A's training record: its clerk's office and chair, and the people running training.
COUNCIL_RECORD = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": 302,
    "chair_a": 200,
    "clerk_a": 200,
    "deputy_clerk_a": 200,
    "training_officer": 200,
    "staff": 200,
}
# Councillor A's attended place on clerk A's booking: as BOOKING_VIEWERS.
CERTIFICATE = BOOKING_VIEWERS
NOT_FOUND_SIGNED_IN = {**dict.fromkeys(ROLES, 404), "anonymous": 302}


@pytest.fixture
def data(people, council_a):
    event = EventFactory(slug="new-councillor-training", capacity=2)
    draft = EventFactory(slug="draft-course", status=Event.Status.DRAFT)
    booking = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
    )
    entry = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("Ann One", "ann@example.org")],
    )
    assert isinstance(entry, WaitingListEntry)
    # A course that has taken place, councillor A marked present: the certificate to ask for.
    past = EventFactory(
        slug="past-course", starts_at=PAST, sessions=[in_person_session(PAST)], title="Past course"
    )
    attended = services.booking_request(
        event_id=past.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
        now=past.booking_opens_at,
    ).places.get()
    attendance_services.attendance_mark(
        session_id=past.sessions.get().pk, by=people["training_officer"], present_place_ids=[attended.pk]
    )
    return {
        "event": event,
        "draft": draft,
        "booking": booking,
        "entry": entry,
        "council": council_a,
        "attended": attended,
        "not_attended": booking.places.get(user=people["councillor_a"]),
    }


GET_MATRIX = {
    "/training/": EVERYONE,
    "/training/calendar.ics": EVERYONE,
    "/training/my-bookings/": SIGNED_IN,
    "/training/new-councillor-training/": EVERYONE,
    "/training/new-councillor-training/event.ics": EVERYONE,
    "/training/draft-course/": MANAGERS_ONLY,
    "/training/draft-course/event.ics": MANAGERS_ONLY,
    "/training/no-such-event/": dict.fromkeys(ROLES, 404),
    "/training/bookings/{booking}/": BOOKING_VIEWERS,
    "/training/bookings/{missing}/": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "/training/waiting-list/{entry}/accept/": ENTRY_ACTORS,
    "/training/new-councillor-training/book/": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "/training/my-record/": SIGNED_IN,
    "/training/staff/past-course/register/": RUNNING_TRAINING,
    "/training/staff/new-councillor-training/register/": RUNNING_TRAINING,
    "/training/staff/no-such-event/register/": {**RUNNING_TRAINING, "training_officer": 404, "staff": 404},
    "/training/council/{council}/record/": COUNCIL_RECORD,
    "/training/council/{council}/record.csv": COUNCIL_RECORD,
    "/training/council/no-such-council/record/": NOT_FOUND_SIGNED_IN,
    "/training/council/no-such-council/record.csv": NOT_FOUND_SIGNED_IN,
    "/training/bookings/places/{attended}/certificate.pdf": CERTIFICATE,
    "/training/bookings/places/{not_attended}/certificate.pdf": NOT_FOUND_SIGNED_IN,
    "/training/bookings/places/{missing}/certificate.pdf": NOT_FOUND_SIGNED_IN,
    # Feedback: only the holder of a place finds the form (here the course is still to come,
    # so it says when feedback opens); the comments are for the people running training.
    "/training/new-councillor-training/feedback/": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": 302,
        "councillor_a": 200,
    },
    "/training/draft-course/feedback/": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "/training/staff/new-councillor-training/feedback/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "training_officer": 200,
        "staff": 200,
    },
    "/training/staff/draft-course/feedback/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "training_officer": 200,
        "staff": 200,
    },
    "/training/staff/no-such-event/feedback/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "training_officer": 404,
        "staff": 404,
    },
}


@pytest.mark.parametrize("pattern", GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_get_permission_matrix(client, login_as, data, pattern, role):
    url = pattern.format(
        booking=data["booking"].pk,
        entry=data["entry"].pk,
        missing=data["booking"].pk + 1000,
        council=data["council"].slug,
        attended=data["attended"].pk,
        not_attended=data["not_attended"].pk,
    )
    login_as(role)

    response = client.get(url)

    assert response.status_code == GET_MATRIX[pattern][role], f"{role} GET {url}"
    if response.status_code == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"


# Marking the past course's register (councillor A present, as marked already, then absent).
REGISTER_POST = {**RUNNING_TRAINING, "training_officer": 302, "staff": 302}


@pytest.mark.parametrize("role", ROLES)
def test_register_post_permission_matrix(client, login_as, data, role):
    session = data["attended"].event.sessions.get()
    url = "/training/staff/past-course/register/"
    login_as(role)

    response = client.post(url, {"session": session.pk})

    assert response.status_code == REGISTER_POST[role], role
    attendance = SessionAttendance.objects.get(session=session, place=data["attended"])
    assert attendance.present is (REGISTER_POST[role] != 302 or role == "anonymous")
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif REGISTER_POST[role] == 302:
        assert response["Location"] == f"{url}?session={session.pk}"


def test_drafts_are_in_no_member_listing_nor_the_public_feed(client, login_as, data):
    login_as("clerk_a")
    assert b"draft-course" not in client.get("/training/").content
    assert b"draft-course" not in client.get("/training/calendar.ics").content
    client.logout()
    login_as("training_officer")
    assert b"draft-course" in client.get("/training/").content
    assert b"draft-course" not in client.get("/training/calendar.ics").content


# Who may book a place for themself on a members' course (the former clerk holds no
# position now; the training officer and staff hold none either).
BOOK_SELF = {
    **dict.fromkeys(ROLES, 302),
    "former_clerk_a": 403,
    "training_officer": 403,
    "staff": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_book_yourself_permission_matrix(client, login_as, people, council_a, council_b, role):
    event = EventFactory(slug="planning-course")
    user = login_as(role)
    council = council_b if role == "clerk_b" else council_a
    data = {"council": council.pk}
    if role in ("clerk_a", "deputy_clerk_a", "clerk_b"):
        data["people"] = [user.pk]

    response = client.post("/training/planning-course/book/", data)

    assert response.status_code == BOOK_SELF[role], role
    places = BookingPlace.objects.filter(event=event)
    if BOOK_SELF[role] == 302 and role != "anonymous":
        assert list(places.values_list("user_id", flat=True)) == [user.pk]
        assert response["Location"] == f"/training/bookings/{places.get().booking_id}/"
    else:
        assert not places.exists()


# Cancelling councillor A's place on clerk A's booking.
CANCEL_EXPECTED = {**BOOKING_VIEWERS, "councillor_a": 302, "clerk_a": 302, "deputy_clerk_a": 302}
CANCEL_EXPECTED.update({"training_officer": 302, "staff": 302})


@pytest.mark.parametrize("role", ROLES)
def test_cancel_place_permission_matrix(client, login_as, people, data, role):
    booking = data["booking"]
    place = booking.places.get(user=people["councillor_a"])
    url = f"/training/bookings/{booking.pk}/cancel/"
    login_as(role)

    response = client.post(url, {"places": [place.pk]})

    assert response.status_code == CANCEL_EXPECTED[role], role
    place.refresh_from_db()
    cancelled = CANCEL_EXPECTED[role] == 302 and role != "anonymous"
    assert place.status == (BookingPlace.Status.CANCELLED if cancelled else BookingPlace.Status.CONFIRMED)
    if cancelled:
        assert response["Location"] == f"/training/bookings/{booking.pk}/"
        data["entry"].refresh_from_db()
        assert data["entry"].status == WaitingListEntry.Status.OFFERED  # the freed place moves on


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_permission_matrix(client, login_as, data, role):
    entry = data["entry"]
    login_as(role)

    response = client.post(f"/training/waiting-list/{entry.pk}/withdraw/")

    expected = {**ENTRY_ACTORS, **{r: 302 for r, s in ENTRY_ACTORS.items() if s == 200}}[role]
    assert response.status_code == expected, role
    entry.refresh_from_db()
    withdrawn = expected == 302 and role != "anonymous"
    assert entry.status == (
        WaitingListEntry.Status.WITHDRAWN if withdrawn else WaitingListEntry.Status.WAITING
    )


@pytest.mark.parametrize("role", ROLES)
def test_joining_link_only_for_people_with_a_place(client, login_as, people, council_a, role):
    link = "https://meet.example.org/secret-room-4711"
    event = EventFactory(
        slug="clerks-networking",
        kind=Event.Kind.NETWORKING,
        sessions=[online_session(SOON, online_url=link)],
        starts_at=SOON,
    )
    services.booking_request(
        event_id=event.pk,
        booked_by=people["councillor_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    )
    login_as(role)

    html = client.get("/training/clerks-networking/").content.decode()

    assert (link in html) == (role in ("councillor_a", "training_officer", "staff")), role
    assert link not in client.get("/training/clerks-networking/event.ics").content.decode()


def test_running_training_is_an_office_power_that_needs_the_authenticator_app_this_session(people):
    from members.models import User
    from members.tests.factories import as_request_user
    from training import permissions as training_permissions

    for role in ("training_officer", "staff"):
        person = User.objects.get(pk=people[role].pk)
        assert not training_permissions.can_manage_training(as_request_user(person, mfa=False)), role
        assert training_permissions.can_manage_training(as_request_user(person, mfa=True)), role
