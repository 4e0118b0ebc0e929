"""Capacity under concurrent bookings at the HTTP level (issue 13): 50 people press
"Book" at once against the live test server, each request on its own connection to the
server and so its own database connection, for an event with 10 places. Exactly 10
places are confirmed, the other 40 people are on the waiting list, and nobody sees an
error. The same run with the row lock on the event taken out oversells: the negative
control that shows the test would catch a missing lock."""

import http.client
import secrets
import threading
import time
import urllib.parse

import pytest
from django.test import Client

from members.client_sign_in import sign_in_client
from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory
from training.models import BookingPlace, Event, WaitingListEntry
from training.services import bookings as services
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 10
BOOKERS = 50


def session_cookie(user) -> str:
    client = Client()
    sign_in_client(client, user)
    return client.cookies["sessionid"].value


def book_all_at_once(live_server, event, council, users) -> list[tuple[int, str]]:
    """POST the booking form for every person at the same moment; (status, Location) each.
    Each connection is opened first, so the server's accept queue is not what is tested,
    then every request is sent on its own connection once all are ready."""
    address = urllib.parse.urlsplit(live_server.url)
    path = f"/training/{event.slug}/book/"
    prepared = []
    for user in users:
        csrf = secrets.token_hex(16)  # Django accepts the unmasked 32-character secret
        body = urllib.parse.urlencode(
            {"council": council.pk, "people": user.pk, "join_waiting_list": "on", "csrfmiddlewaretoken": csrf}
        )
        headers = {
            "Cookie": f"sessionid={session_cookie(user)}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        connection.connect()
        prepared.append((connection, body, headers))

    start = threading.Barrier(len(prepared))
    outcomes: list[tuple[int, str]] = []

    def send(connection, body, headers):
        start.wait()
        try:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            outcomes.append((answer.status, answer.getheader("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=item) for item in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return outcomes


@pytest.fixture
def bookers():
    council = CouncilFactory()
    users = [PositionFactory(council=council, role=Position.Role.COUNCILLOR).user for _ in range(BOOKERS)]
    return council, users


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between counting the places and writing one, as a busy server
    would (the live server runs in this process, so the patch reaches its requests)."""
    count = services.places_taken

    def places_taken_slowly(event):
        taken = count(event)
        time.sleep(0.1)
        return taken

    monkeypatch.setattr(services, "places_taken", places_taken_slowly)


def test_fifty_people_booking_ten_places_at_once_get_ten_places_and_a_waiting_list(
    live_server, bookers, slow_count
):
    council, users = bookers
    event = EventFactory(capacity=CAPACITY)

    outcomes = book_all_at_once(live_server, event, council, users)

    assert len(outcomes) == BOOKERS
    assert {status for status, _ in outcomes} == {302}, outcomes
    booked = [location for _, location in outcomes if location.startswith("/training/bookings/")]
    waiting = [location for _, location in outcomes if location == "/training/my-bookings/"]
    assert (len(booked), len(waiting)) == (CAPACITY, BOOKERS - CAPACITY)
    assert BookingPlace.objects.filter(event=event, status="confirmed").count() == CAPACITY
    assert WaitingListEntry.objects.filter(event=event).count() == BOOKERS - CAPACITY


def test_without_the_row_lock_the_same_requests_oversell(live_server, bookers, slow_count, monkeypatch):
    council, users = bookers
    event = EventFactory(capacity=CAPACITY)
    monkeypatch.setattr(services, "_locked_event", lambda event_id: Event.objects.get(pk=event_id))

    book_all_at_once(live_server, event, council, users)

    assert BookingPlace.objects.filter(event=event, status="confirmed").count() > CAPACITY
