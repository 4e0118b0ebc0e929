"""Marking the register (service and page), certificates of attendance only for attended
places, and the training records (a person's, a council's with its CSV, the overview panel)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.tests.factories import as_request_user
from tests.pdf import laid_out_text, pdf_streams
from training.models import Event, SessionAttendance
from training.services import attendance as attendance_services
from training.services import bookings as booking_services
from training.services import events as event_services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory, in_person_session

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def past_event(*, days_ago: int = 3, sessions: int = 1, **kwargs) -> Event:
    """A course that has taken place: `sessions` sittings of 3 hours a day apart."""
    start = NOW - datetime.timedelta(days=days_ago)
    return EventFactory(
        starts_at=start,
        sessions=[in_person_session(start + datetime.timedelta(days=n)) for n in range(sessions)],
        **kwargs,
    )


def book_in_the_past(event, *, booked_by, council, attendees):
    """Booked while booking was open (a month before the event)."""
    return booking_services.booking_request(
        event_id=event.pk,
        booked_by=booked_by,
        council_id=council.pk,
        attendees=attendees,
        now=event.booking_opens_at + datetime.timedelta(hours=1),
    )


@pytest.fixture
def course(people, council_a):
    event = past_event(title="Being a good councillor", slug="good-councillor", sessions=2)
    booking = book_in_the_past(
        event,
        booked_by=people["clerk_a"],
        council=council_a,
        attendees=[
            Attendee("", "", people["councillor_a"].pk),
            Attendee("", "", people["chair_a"].pk),
            Attendee("Sam Patel", "sam@example.org"),
        ],
    )
    places = {place.name: place for place in booking.places.all()}
    return {"event": event, "booking": booking, "places": places, "sessions": list(event.sessions.all())}


def mark(people, session, *places, role="training_officer"):
    return attendance_services.attendance_mark(
        session_id=session.pk, by=as_request_user(people[role]), present_place_ids=[p.pk for p in places]
    )


# --- The service ---------------------------------------------------------------------------


def test_marking_writes_present_and_absent_for_every_place_and_marking_again_overwrites(people, course):
    first, second = course["sessions"]
    councillor, chair = course["places"]["Councillor A"], course["places"]["Chair A"]

    mark(people, first, councillor, chair)
    mark(people, first, councillor)
    mark(people, second, councillor)

    rows = {
        (r.session_id, r.place.name): r.present for r in SessionAttendance.objects.select_related("place")
    }
    assert rows == {
        (first.pk, "Councillor A"): True,
        (first.pk, "Chair A"): False,
        (first.pk, "Sam Patel"): False,
        (second.pk, "Councillor A"): True,
        (second.pk, "Chair A"): False,
        (second.pk, "Sam Patel"): False,
    }
    assert SessionAttendance.objects.get(session=first, place=chair).marked_by == people["training_officer"]


def test_a_place_on_another_event_is_refused_and_nothing_is_written(people, course, council_a):
    other = past_event(slug="other-course")
    stranger = book_in_the_past(
        other,
        booked_by=people["clerk_a"],
        council=council_a,
        attendees=[Attendee("Ann One", "ann@example.org")],
    ).places.get()

    with pytest.raises(ValidationError) as error:
        mark(people, course["sessions"][0], course["places"]["Chair A"], stranger)

    assert error.value.message_dict == {"present": ["Choose people who have a place on this event."]}
    assert not SessionAttendance.objects.exists()


def test_a_cancelled_place_is_not_on_the_register(people, course):
    chair = course["places"]["Chair A"]
    booking_services.booking_places_cancel(
        booking_id=course["booking"].pk, by=as_request_user(people["staff"]), place_ids=[chair.pk]
    )
    with pytest.raises(ValidationError):
        mark(people, course["sessions"][0], chair)
    mark(people, course["sessions"][0])
    assert SessionAttendance.objects.count() == 2  # the two places still booked, both absent


def test_a_session_yet_to_start_or_of_a_cancelled_event_cannot_be_marked(people, council_a):
    future = EventFactory(slug="future-course")
    with pytest.raises(ValidationError) as error:
        mark(people, future.sessions.get())
    assert "mark it from then" in error.value.message_dict["session"][0]

    cancelled = past_event(slug="cancelled-course")
    event_services.event_status_set(event=cancelled, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        mark(people, cancelled.sessions.get())
    assert error.value.message_dict == {"session": ["This event was cancelled, so it has no register."]}


@pytest.mark.parametrize("role", ["councillor_a", "clerk_a", "chair_a", "clerk_b", "former_clerk_a"])
def test_only_the_people_running_training_mark_attendance(people, course, role):
    with pytest.raises(PermissionDenied):
        mark(people, course["sessions"][0], course["places"]["Chair A"], role=role)
    assert not SessionAttendance.objects.exists()


def test_office_staff_need_the_authenticator_this_session_to_mark(people, course):
    with pytest.raises(PermissionDenied):
        attendance_services.attendance_mark(
            session_id=course["sessions"][0].pk,
            by=as_request_user(people["staff"], mfa=False),
            present_place_ids=[],
        )
    mark(people, course["sessions"][0], role="staff")
    assert SessionAttendance.objects.count() == 3


# --- The register page ----------------------------------------------------------------------


def test_the_register_page_saves_ticks_and_shows_them_back(client, login_as, people, course):
    first = course["sessions"][0]
    councillor = course["places"]["Councillor A"]
    login_as("training_officer")
    url = "/training/staff/good-councillor/register/"

    page = client.get(f"{url}?session={first.pk}")
    assert page.status_code == 200
    assert [p.name for p in page.context["places"]] == ["Chair A", "Councillor A", "Sam Patel"]
    assert "Not marked yet" in page.content.decode()

    response = client.post(url, {"session": first.pk, "present": [councillor.pk]})

    assert response.status_code == 302
    assert response["Location"] == f"{url}?session={first.pk}"
    again = client.get(response["Location"]).content.decode()
    assert "Register saved: 1 of 3 present." in again
    assert f'value="{councillor.pk}" id="id_present_1" checked' in again
    assert "Marked absent" in again


@pytest.mark.parametrize(
    "data, message",
    [
        ({"present": ["99999999"]}, "Choose people who have a place on this event."),
        ({"present": ["x"]}, "Choose people who have a place on this event."),
        ({"present": ["²"]}, "Choose people who have a place on this event."),
        ({"session": "99999999"}, "Choose one of this event&#x27;s sessions."),
        ({"session": "²"}, "Choose one of this event&#x27;s sessions."),
    ],
)
def test_bad_register_input_gets_a_message_and_changes_nothing(client, login_as, course, data, message):
    login_as("training_officer")
    first = course["sessions"][0]

    response = client.post("/training/staff/good-councillor/register/", {"session": first.pk, **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SessionAttendance.objects.exists()


def test_a_register_for_a_session_not_started_shows_no_form(client, login_as):
    EventFactory(slug="next-month")
    login_as("training_officer")
    response = client.get("/training/staff/next-month/register/")
    assert response.status_code == 200
    assert response.context["session_started"] is False
    assert b"Save the register" not in response.content


# --- Certificates ---------------------------------------------------------------------------


def test_the_certificate_is_a_tagged_pdf_naming_the_attendee_event_hours_and_council(
    client, login_as, people, course
):
    first, second = course["sessions"]
    councillor = course["places"]["Councillor A"]
    mark(people, first, councillor)
    mark(people, second, councillor)
    login_as("councillor_a")

    response = client.get(f"/training/bookings/places/{councillor.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    metadata = pdf_streams(pdf).decode("utf-8", "replace")
    assert "Certificate of attendance: Councillor A, Being a good councillor" in metadata  # dc:title
    assert 'pdfuaid:part="1"' in metadata and "/StructTreeRoot" in metadata  # tagged PDF/UA-1
    text = certificate_text(councillor)
    for expected in ("Certificate of attendance", "Councillor A", "Being a good councillor", "6.0 hours"):
        assert expected in text, expected
    assert course["booking"].council.display_name in text


def certificate_text(place) -> str:
    """The words laid out on the certificate's pages."""
    from training import certificates
    from training.selectors import records

    place = records.place_for_certificate(place.pk)
    html = certificates.certificate_html(place, records.sessions_attended(place))
    return laid_out_text(html, base_url=certificates.STATIC_DIR.as_uri() + "/")


CERTIFICATE_VIEWERS = {
    "anonymous": 302,
    "councillor_a": 200,  # the attendee
    "chair_a": 404,
    "clerk_a": 200,  # booked it
    "deputy_clerk_a": 200,  # the council's clerk's office
    "clerk_b": 404,
    "former_clerk_a": 404,
    "training_officer": 200,
    "staff": 200,
}


@pytest.mark.parametrize("role", list(CERTIFICATE_VIEWERS))
def test_who_may_download_a_certificate(client, login_as, people, course, role):
    councillor = course["places"]["Councillor A"]
    mark(people, course["sessions"][0], councillor)
    url = f"/training/bookings/places/{councillor.pk}/certificate.pdf"
    login_as(role)

    response = client.get(url)

    assert response.status_code == CERTIFICATE_VIEWERS[role], role
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("role", ["councillor_a", "clerk_a", "training_officer", "staff"])
def test_no_certificate_for_a_place_not_attended_unmarked_cancelled_or_missing(
    client, login_as, people, course, role
):
    councillor, chair = course["places"]["Councillor A"], course["places"]["Chair A"]
    sam = course["places"]["Sam Patel"]
    mark(people, course["sessions"][0], sam)  # councillor and chair marked absent
    booking_services.booking_places_cancel(
        booking_id=course["booking"].pk, by=as_request_user(people["staff"]), place_ids=[sam.pk]
    )
    unmarked = book_in_the_past(
        past_event(slug="unmarked"),
        booked_by=people["clerk_a"],
        council=course["booking"].council,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    ).places.get()
    login_as(role)

    for place_pk in (councillor.pk, chair.pk, sam.pk, unmarked.pk, sam.pk + 1000):
        response = client.get(f"/training/bookings/places/{place_pk}/certificate.pdf")
        assert response.status_code == 404, (role, place_pk)


# --- Records --------------------------------------------------------------------------------


def test_my_record_lists_attended_events_with_hours_and_certificates(client, login_as, people, course):
    first, second = course["sessions"]
    councillor = course["places"]["Councillor A"]
    mark(people, first, councillor)
    mark(people, second)  # absent from the second sitting
    login_as("councillor_a")

    response = client.get("/training/my-record/")

    assert [p.pk for p in response.context["places"]] == [councillor.pk]
    html = response.content.decode()
    assert "1 event attended, 3.0 hours in all." in html
    assert f"/training/bookings/places/{councillor.pk}/certificate.pdf" in html
    client.logout()
    login_as("chair_a")
    assert client.get("/training/my-record/").context["places"] == []


def test_the_council_record_and_its_csv_escape_formulae(client, login_as, people, course, council_a):
    event = past_event(slug="formula-course", title="=HYPERLINK(1)", days_ago=40)
    typed = book_in_the_past(
        event,
        booked_by=people["clerk_a"],
        council=council_a,
        attendees=[Attendee("@Sum(A1)", "x@example.org")],
    ).places.get()
    mark(people, event.sessions.get(), typed)
    mark(people, course["sessions"][0], course["places"]["Chair A"])
    login_as("chair_a")

    page = client.get(f"/training/council/{council_a.slug}/record/")
    body = client.get(f"/training/council/{council_a.slug}/record.csv")

    assert [p.name for p in page.context["page"].object_list] == ["Chair A", "@Sum(A1)"]
    assert body["Content-Type"] == "text/csv; charset=utf-8"
    assert body["Content-Disposition"].startswith(f'attachment; filename="training-record-{council_a.slug}-')
    rows = list(csv.reader(io.StringIO(body.content.decode())))
    assert rows[0] == [
        "Attendee", "Event", "Kind", "Provider", "First day", "Last day", "Hours attended", "CPD hours",
    ]  # fmt: skip
    assert rows[1][:2] == ["Chair A", "Being a good councillor"]
    assert rows[1][6] == "3.0"
    assert rows[2][:2] == ["'@Sum(A1)", "'=HYPERLINK(1)"]
    assert len(rows) == 3


def test_another_councils_people_are_not_in_the_record(client, login_as, people, course, council_b):
    other = past_event(slug="b-course")
    place = book_in_the_past(
        other,
        booked_by=people["clerk_b"],
        council=council_b,
        attendees=[Attendee("", "", people["clerk_b"].pk)],
    ).places.get()
    mark(people, other.sessions.get(), place)
    mark(people, course["sessions"][0], course["places"]["Chair A"])
    login_as("clerk_a")
    names = [
        p.name
        for p in client.get(f"/training/council/{course['booking'].council.slug}/record/").context["page"]
    ]
    assert names == ["Chair A"]


def test_the_council_overview_has_the_training_panel_for_the_clerk(
    client, login_as, people, course, council_a
):
    mark(people, course["sessions"][0], course["places"]["Chair A"])
    upcoming = EventFactory(title="Planning next month", slug="planning-next-month")
    booking_services.booking_request(
        event_id=upcoming.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    )
    login_as("clerk_a")

    html = client.get(f"/councils/{council_a.slug}/").content.decode()

    assert 'id="panel-training"' in html
    assert "Councillor A: Planning next month" in html
    assert "Chair A: Being a good councillor" in html and "(3.0 hours)" in html
    assert f"/training/council/{council_a.slug}/record/" in html


def test_the_councillor_sees_no_overview_and_no_panel(client, login_as, council_a):
    login_as("councillor_a")
    assert 'id="panel-training"' not in client.get(f"/councils/{council_a.slug}/").content.decode()


def test_booked_places_show_the_certificate_link_once_attended(client, login_as, people, course):
    councillor = course["places"]["Councillor A"]
    url = f"/training/bookings/places/{councillor.pk}/certificate.pdf"
    login_as("clerk_a")
    assert url not in client.get(f"/training/bookings/{course['booking'].pk}/").content.decode()
    mark(people, course["sessions"][0], councillor)
    assert url in client.get(f"/training/bookings/{course['booking'].pk}/").content.decode()
    assert url in client.get("/training/my-bookings/").content.decode()


def test_my_kalc_lists_the_persons_next_places(client, login_as, people, council_a):
    upcoming = EventFactory(title="Planning next month", slug="planning-next-month")
    booking_services.booking_request(
        event_id=upcoming.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk)],
    )

    login_as("councillor_a")
    html = client.get("/my/").content.decode()
    assert "Your training and networking" in html
    assert 'href="/training/planning-next-month/"' in html

    login_as("chair_a")  # no place booked: no section
    assert "Your training and networking" not in client.get("/my/").content.decode()
