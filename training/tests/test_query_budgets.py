"""The listing, the event page and My bookings run a fixed number of queries whatever the
number of events, sessions, bookings and places: measured at 10 and at 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training.models import Booking, BookingPlace, Event, EventSession
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# Signed in: the session's user, then the person's groups and current positions once each.
SIGNED_IN = 3
LISTING_BUDGET = SIGNED_IN + 2  # + the count and the page (counts and venue as subqueries)
# + the event with its counts, its sessions, "has a place?", waiting entries, the clerk's
# councils and the council's people who fit the audience.
EVENT_PAGE_BUDGET = SIGNED_IN + 6
MY_BOOKINGS_BUDGET = SIGNED_IN + 3  # + bookings, their places, waiting entries


def bulk_events(count: int, *, prefix: str) -> list[Event]:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    events = Event.objects.bulk_create(
        Event(
            title=f"{prefix} course {i}",
            slug=f"{prefix}-{i}",
            kind=Event.Kind.values[i % len(Event.Kind.values)],
            audience=Event.Audience.values[i % len(Event.Audience.values)],
            capacity=20,
            booking_opens_at=start - datetime.timedelta(days=30),
            booking_closes_at=start + datetime.timedelta(hours=i),
            cancellation_deadline=start - datetime.timedelta(days=3),
            status=Event.Status.PUBLISHED,
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i + 3),
        )
        for i in range(count)
    )
    EventSession.objects.bulk_create(
        EventSession(
            event=event,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue_name="" if i % 2 else "Kent Event Centre",
            online_url="https://meet.example.org/x" if i % 2 else "",
        )
        for i, event in enumerate(events)
    )
    return events


def bulk_bookings(events, *, booked_by, council, places_each: int = 2) -> None:
    bookings = Booking.objects.bulk_create(
        Booking(event=e, council=council, booked_by=booked_by) for e in events
    )
    BookingPlace.objects.bulk_create(
        BookingPlace(booking=b, event=b.event, name=f"Person {n}", email=f"p{b.pk}-{n}@example.org")
        for b in bookings
        for n in range(places_each)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_listing_is_flat_from_10_to_1000_events(client, login_as, people, council_a):
    login_as("clerk_a")
    few = bulk_events(10, prefix="few")
    bulk_bookings(few, booked_by=people["clerk_a"], council=council_a)
    at_10 = count_queries(client, "/training/")

    many = bulk_events(990, prefix="many")
    bulk_bookings(many, booked_by=people["clerk_a"], council=council_a)
    at_1000 = count_queries(client, "/training/")
    filtered = count_queries(client, "/training/?mode=online&kind=networking")
    assert client.get("/training/?mode=online&kind=networking").context["page"].paginator.count == 167

    assert at_10 == at_1000 == filtered <= LISTING_BUDGET, (at_10, at_1000, filtered)


def test_event_page_is_flat_from_10_to_1000_places(client, login_as, people, council_a):
    event = EventFactory(slug="big-conference", capacity=2000, kind=Event.Kind.CONFERENCE)
    login_as("clerk_a")
    bulk_bookings([event] * 5, booked_by=people["clerk_a"], council=council_a)
    at_10 = count_queries(client, "/training/big-conference/")

    bulk_bookings([event] * 495, booked_by=people["clerk_a"], council=council_a)
    bulk_events(1000, prefix="other")
    at_1000 = count_queries(client, "/training/big-conference/")

    assert at_10 == at_1000 <= EVENT_PAGE_BUDGET, (at_10, at_1000)
    assert client.get("/training/big-conference/").context["free_places"] == 1000


def test_my_bookings_is_flat_from_10_to_1000_bookings(client, login_as, people, council_a):
    login_as("clerk_a")
    bulk_bookings(bulk_events(10, prefix="few"), booked_by=people["clerk_a"], council=council_a)
    at_10 = count_queries(client, "/training/my-bookings/")

    bulk_bookings(bulk_events(990, prefix="many"), booked_by=people["clerk_a"], council=council_a)
    at_1000 = count_queries(client, "/training/my-bookings/")

    assert at_10 == at_1000 <= MY_BOOKINGS_BUDGET, (at_10, at_1000)
