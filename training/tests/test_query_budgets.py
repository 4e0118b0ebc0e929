"""The listing, the event page and My bookings run a fixed number of queries whatever the
number of events, sessions, bookings and places: measured at 10 and at 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training.models import Booking, BookingPlace, Event, EventSession, SessionAttendance
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


# --- Attendance and records -------------------------------------------------------------------

# + the event, its sessions, and the register's places with their marks.
REGISTER_BUDGET = SIGNED_IN + 3
# + the council, the count and the page of attended places (hours summed in the query).
COUNCIL_RECORD_BUDGET = SIGNED_IN + 3
MY_RECORD_BUDGET = SIGNED_IN + 1  # + the attended places


def bulk_attended(events, *, booked_by, council, places_each: int = 1, user=None) -> None:
    """Places on each event (the person's own when `user`), all marked present at every session."""
    bookings = Booking.objects.bulk_create(
        Booking(event=e, council=council, booked_by=booked_by) for e in events
    )
    places = BookingPlace.objects.bulk_create(
        BookingPlace(
            booking=b,
            event=b.event,
            user=user,
            name=f"Person {n}",
            email=f"p{b.pk}-{n}@example.org",
        )
        for b in bookings
        for n in range(places_each)
    )
    sessions = {s.event_id: s for s in EventSession.objects.filter(event__in=events)}
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=sessions[p.event_id], place=p, present=True, marked_at=timezone.now())
        for p in places
    )


def past_bulk_events(count: int, *, prefix: str) -> list[Event]:
    events = bulk_events(count, prefix=prefix)
    Event.objects.filter(pk__in=[e.pk for e in events]).update(
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=19),
    )
    EventSession.objects.filter(event__in=events).update(
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=19),
    )
    return events


def test_register_is_flat_from_10_to_100_places(client, login_as, people, council_a):
    [event] = past_bulk_events(1, prefix="register")
    login_as("training_officer")
    bulk_attended([event], booked_by=people["clerk_a"], council=council_a, places_each=10)
    at_10 = count_queries(client, f"/training/staff/{event.slug}/register/")

    bulk_attended([event] * 9, booked_by=people["clerk_a"], council=council_a, places_each=10)
    at_100 = count_queries(client, f"/training/staff/{event.slug}/register/")

    assert at_10 == at_100 <= REGISTER_BUDGET, (at_10, at_100)
    assert len(client.get(f"/training/staff/{event.slug}/register/").context["places"]) == 100


def test_council_record_is_flat_from_10_to_100_places(client, login_as, people, council_a):
    login_as("clerk_a")
    bulk_attended(past_bulk_events(10, prefix="few"), booked_by=people["clerk_a"], council=council_a)
    at_10 = count_queries(client, f"/training/council/{council_a.slug}/record/")
    at_10_csv = count_queries(client, f"/training/council/{council_a.slug}/record.csv")

    bulk_attended(past_bulk_events(90, prefix="many"), booked_by=people["clerk_a"], council=council_a)
    at_100 = count_queries(client, f"/training/council/{council_a.slug}/record/")
    at_100_csv = count_queries(client, f"/training/council/{council_a.slug}/record.csv")

    assert at_10 == at_100 <= COUNCIL_RECORD_BUDGET, (at_10, at_100)
    assert at_10_csv == at_100_csv <= COUNCIL_RECORD_BUDGET, (at_10_csv, at_100_csv)


def test_my_record_is_flat_from_10_to_100_events(client, login_as, people, council_a):
    clerk = login_as("clerk_a")
    bulk_attended(past_bulk_events(10, prefix="few"), booked_by=clerk, council=council_a, user=clerk)
    at_10 = count_queries(client, "/training/my-record/")

    bulk_attended(past_bulk_events(90, prefix="many"), booked_by=clerk, council=council_a, user=clerk)
    at_100 = count_queries(client, "/training/my-record/")

    assert at_10 == at_100 <= MY_RECORD_BUDGET, (at_10, at_100)
    assert len(client.get("/training/my-record/").context["places"]) == 100


def test_the_overview_training_panel_is_flat_from_10_to_100_places(client, login_as, people, council_a):
    login_as("clerk_a")
    bulk_attended(past_bulk_events(10, prefix="few"), booked_by=people["clerk_a"], council=council_a)
    bulk_bookings(
        bulk_events(10, prefix="soon"), booked_by=people["clerk_a"], council=council_a, places_each=1
    )
    at_10 = count_queries(client, f"/councils/{council_a.slug}/")

    bulk_attended(past_bulk_events(90, prefix="many"), booked_by=people["clerk_a"], council=council_a)
    bulk_bookings(
        bulk_events(90, prefix="later"), booked_by=people["clerk_a"], council=council_a, places_each=1
    )
    at_100 = count_queries(client, f"/councils/{council_a.slug}/")

    assert at_10 == at_100, (at_10, at_100)
