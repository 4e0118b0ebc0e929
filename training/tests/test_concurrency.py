"""Capacity under concurrent bookings: many people booking the last places at once, each
in its own thread with its own database connection, never take more places than there
are (the rest join the waiting list, no error); the same run without the row lock on the
event oversells, which shows the test would catch a missing lock."""

import threading
import time

import pytest
from django.db import connection

from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory
from training.models import BookingPlace, Event, WaitingListEntry
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 5
BOOKERS = 12


def councillors(count: int):
    council = CouncilFactory()
    return council, [
        PositionFactory(council=council, role=Position.Role.COUNCILLOR).user for _ in range(count)
    ]


def book_all_at_once(event, council, users) -> list:
    start = threading.Barrier(len(users))
    outcomes: list = []

    def book(user):
        try:
            start.wait()
            outcomes.append(
                services.booking_request(
                    event_id=event.pk,
                    booked_by=user,
                    council_id=council.pk,
                    attendees=[Attendee("", "", user.pk)],
                )
            )
        except Exception as error:  # noqa: BLE001 - every outcome is counted below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between counting the places and writing one, as a busy server
    would: with the lock the bookers queue behind it; without, they all count at once."""
    count = services.places_taken

    def places_taken_slowly(event):
        taken = count(event)
        time.sleep(0.2)
        return taken

    monkeypatch.setattr(services, "places_taken", places_taken_slowly)


def test_concurrent_bookers_never_exceed_capacity(slow_count):
    council, users = councillors(BOOKERS)
    event = EventFactory(capacity=CAPACITY)

    outcomes = book_all_at_once(event, council, users)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert BookingPlace.objects.filter(event=event, status="confirmed").count() == CAPACITY
    assert WaitingListEntry.objects.filter(event=event).count() == BOOKERS - CAPACITY


def test_without_the_row_lock_the_same_run_oversells(slow_count, monkeypatch):
    council, users = councillors(BOOKERS)
    event = EventFactory(capacity=CAPACITY)
    monkeypatch.setattr(services, "_locked_event", lambda event_id: Event.objects.get(pk=event_id))

    book_all_at_once(event, council, users)

    assert BookingPlace.objects.filter(event=event, status="confirmed").count() > CAPACITY
