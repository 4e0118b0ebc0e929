"""The pages for the people running training: who may open them (the Training officer
group without being office staff), what they show, the CSV and its query budgets."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from training.models import Event
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.conftest import ROLES
from training.tests.factories import EventFactory
from training.tests.test_query_budgets import bulk_events

pytestmark = pytest.mark.django_db

MANAGERS = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "training_officer": 200, "staff": 200}


@pytest.mark.parametrize(
    "url",
    [
        "/training/staff/",
        "/training/staff/?period=past",
        "/training/staff/to-invoice/",
        "/training/staff/to-invoice.csv",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_permission_matrix(client, login_as, url, role):
    login_as(role)

    response = client.get(url)

    assert response.status_code == MANAGERS[role], f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=/training/staff/")


def book(people, council, event, *attendees):
    return services.booking_request(
        event_id=event.pk, booked_by=people["clerk_a"], council_id=council.pk, attendees=list(attendees)
    )


def test_events_show_fill_rate_and_waiting_list(client, login_as, people, council_a):
    event = EventFactory(title="Chairmanship", capacity=1)
    EventFactory(title="Draft AGM", status=Event.Status.DRAFT)
    book(people, council_a, event, Attendee("", "", people["chair_a"].pk))
    book(people, council_a, event, Attendee("A", "a@example.org"), Attendee("B", "b@example.org"))
    login_as("training_officer")

    response = client.get("/training/staff/")

    rows = {e.title: e for e in response.context["page"].object_list}
    assert set(rows) == {"Chairmanship", "Draft AGM"}
    assert (rows["Chairmanship"].confirmed_places, rows["Chairmanship"].waiting_places) == (1, 2)
    html = response.content.decode()
    assert "1 of 1" in html and "100%" in html and "2 places (1 entry)" in html


def test_to_invoice_counts_booked_places_and_the_csv_escapes_formulae(client, login_as, people, council_a):
    event = EventFactory(title="Finance for councillors", member_price=Decimal("37.50"))
    booking = book(
        people,
        council_a,
        event,
        Attendee("=HYPERLINK(1)", "h@example.org"),
        Attendee("Sam Patel", "sam@example.org"),
        Attendee("Bo Two", "bo@example.org"),
    )
    services.booking_places_cancel(
        booking_id=booking.pk, by=people["clerk_a"], place_ids=[booking.places.get(email="bo@example.org").pk]
    )
    free = EventFactory(title="Free networking")
    book(people, council_a, free, Attendee("", "", people["chair_a"].pk))
    login_as("training_officer")

    page = client.get("/training/staff/to-invoice/")
    rows = list(csv.reader(io.StringIO(client.get("/training/staff/to-invoice.csv").content.decode())))

    assert [b.invoice_reference for b in page.context["page"].object_list] == [booking.invoice_reference]
    assert "£75.00" in page.content.decode()
    assert rows[0][0] == "Invoice reference" and len(rows) == 2
    assert rows[1][:2] == [booking.invoice_reference, "Finance for councillors"]
    assert rows[1][6:9] == ["2", "37.50", "75.00"]


def test_the_event_names_in_the_csv_cannot_run_as_formulae(client, login_as, people, council_a):
    event = EventFactory(title="=cmd|' /C calc'!A0", member_price=Decimal(10))
    book(people, council_a, event, Attendee("", "", people["chair_a"].pk))
    login_as("staff")

    rows = list(csv.reader(io.StringIO(client.get("/training/staff/to-invoice.csv").content.decode())))

    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_staff_event_list_is_flat_from_10_to_1000_events(client, login_as):
    login_as("training_officer")
    bulk_events(10, prefix="few")
    with CaptureQueriesContext(connection) as at_10:
        assert client.get("/training/staff/").status_code == 200
    bulk_events(990, prefix="many")
    with CaptureQueriesContext(connection) as at_1000:
        assert client.get("/training/staff/").status_code == 200
    assert len(at_10) == len(at_1000) <= 6, (len(at_10), len(at_1000))


def test_only_office_staff_get_the_admin_link(client, login_as):
    login_as("training_officer")
    assert "/admin/training/event/add/" not in client.get("/training/staff/").content.decode()
    client.logout()
    login_as("staff")
    assert "/admin/training/event/add/" in client.get("/training/staff/").content.decode()
