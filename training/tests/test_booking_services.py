"""booking_request, cancellation and the waiting list, through the real services and
PostgreSQL: capacity, audience rules, offers and their expiry with time frozen."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Council, Position
from members.tests.factories import PositionFactory
from training.models import Booking, BookingPlace, Event, WaitingListEntry
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def person(user) -> Attendee:
    return Attendee(name="", email="", user_id=user.pk)


def typed(name: str, email: str) -> Attendee:
    return Attendee(name=name, email=email)


def book(event, by, council, attendees, **kwargs):
    return services.booking_request(
        event_id=event.pk,
        booked_by=by,
        council_id=council.pk if council else None,
        attendees=attendees,
        **kwargs,
    )


def confirmed(event) -> int:
    return BookingPlace.objects.filter(event=event, status=BookingPlace.Status.CONFIRMED).count()


def field_errors(excinfo) -> dict:
    return {
        field: " ".join(e.messages[0] for e in errors) for field, errors in excinfo.value.error_dict.items()
    }


# --- Booking and capacity ------------------------------------------------------------------


def test_clerk_books_councillors_and_a_typed_person_for_the_council(people, council_a):
    event = EventFactory(capacity=5)

    booking = book(
        event,
        people["clerk_a"],
        council_a,
        [person(people["councillor_a"]), person(people["chair_a"]), typed("Sam  Patel", "Sam@Example.org")],
    )

    assert booking.council == council_a and booking.booked_by == people["clerk_a"]
    places = list(booking.places.order_by("pk").values_list("name", "email", "user_id"))
    assert places == [
        ("Councillor A", people["councillor_a"].email, people["councillor_a"].pk),
        ("Chair A", people["chair_a"].email, people["chair_a"].pk),
        ("Sam Patel", "sam@example.org", None),
    ]
    assert booking.invoice_reference == ""  # free


def test_charged_booking_gets_an_invoice_reference_and_the_member_price(people, council_a):
    event = EventFactory(member_price=Decimal("45.00"), non_member_price=Decimal("90.00"))

    first = book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])
    second = book(event, people["deputy_clerk_a"], council_a, [person(people["chair_a"])])

    assert first.price_per_place == Decimal("45.00") and first.member_price_applied
    assert first.invoice_reference == f"KALC-T{event.pk:04d}-001"
    assert second.invoice_reference == f"KALC-T{event.pk:04d}-002"


def test_non_member_council_pays_the_non_member_price_on_an_open_event(people, council_b):
    Council.objects.filter(pk=council_b.pk).update(membership_status=Council.MembershipStatus.LAPSED)
    council_b.refresh_from_db()
    event = EventFactory(
        audience=Event.Audience.PUBLIC, member_price=Decimal(20), non_member_price=Decimal(35)
    )

    booking = book(event, people["clerk_b"], council_b, [person(people["clerk_b"])])

    assert booking.price_per_place == Decimal(35) and not booking.member_price_applied
    assert booking.invoice_reference


def test_a_person_without_a_council_books_themself_onto_an_open_event(people):
    event = EventFactory(
        audience=Event.Audience.PUBLIC, non_member_price=Decimal(30), member_price=Decimal(15)
    )
    outsider = people["training_officer"]  # signed in, holds no position

    booking = book(event, outsider, None, [person(outsider)])

    assert booking.council is None and booking.price_per_place == Decimal(30)


def test_members_event_refuses_a_person_without_a_council(people):
    event = EventFactory(audience=Event.Audience.MEMBERS)

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["training_officer"], None, [person(people["training_officer"])])

    assert "council" in field_errors(excinfo)
    assert not Booking.objects.exists()


def test_capacity_is_never_exceeded_and_a_full_event_takes_a_waiting_list_entry(people, council_a):
    event = EventFactory(capacity=2)
    book(event, people["clerk_a"], council_a, [person(people["councillor_a"]), person(people["chair_a"])])

    result = book(event, people["clerk_a"], council_a, [typed("Late Comer", "late@example.org")])

    assert isinstance(result, WaitingListEntry) and result.places_wanted == 1
    assert result.attendees == [{"name": "Late Comer", "email": "late@example.org", "user_id": None}]
    assert confirmed(event) == 2


def test_more_places_than_free_is_refused_with_a_message_and_changes_nothing(people, council_a):
    event = EventFactory(capacity=2)
    book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])

    with pytest.raises(ValidationError) as excinfo:
        book(
            event,
            people["clerk_a"],
            council_a,
            [person(people["chair_a"]), typed("Sam Patel", "sam@example.org")],
        )

    assert "Only 1 place is left and you chose 2" in field_errors(excinfo)["people"]
    assert confirmed(event) == 1 and not WaitingListEntry.objects.exists()


def test_more_places_than_free_goes_to_the_waiting_list_when_asked(people, council_a):
    event = EventFactory(capacity=2)
    book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])

    entry = book(
        event,
        people["clerk_a"],
        council_a,
        [person(people["chair_a"]), typed("Sam Patel", "sam@example.org")],
        join_waiting_list=True,
        accepts_partial=True,
    )

    assert entry.places_wanted == 2 and entry.accepts_partial
    assert confirmed(event) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"booking_opens_at_days": 1}, "Booking opens on"),
        ({"booking_closes_at_days": -1}, "Booking closed on"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
    ],
)
def test_closed_not_yet_open_and_cancelled_events_refuse_bookings(people, council_a, change, message):
    now = timezone.now()
    kwargs = {}
    if "booking_opens_at_days" in change:
        kwargs["booking_opens_at"] = now + datetime.timedelta(days=1)
    if "booking_closes_at_days" in change:
        kwargs.update(
            booking_opens_at=now - datetime.timedelta(days=10),
            booking_closes_at=now - datetime.timedelta(days=1),
        )
    if "status" in change:
        kwargs["status"] = change["status"]
    event = EventFactory(**kwargs)

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])

    assert message in " ".join(excinfo.value.messages)
    assert not Booking.objects.exists()


def test_a_past_event_refuses_bookings(people, council_a):
    starts = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(
        starts_at=starts,
        booking_opens_at=starts - datetime.timedelta(days=30),
        booking_closes_at=starts + datetime.timedelta(days=1),
        cancellation_deadline=starts - datetime.timedelta(days=3),
    )

    with pytest.raises(ValidationError, match="already started"):
        book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])
    assert not Booking.objects.exists()


# --- Audience rules ----------------------------------------------------------------------------


def test_councillors_course_refuses_the_clerks_typed_friend(people, council_a):
    event = EventFactory(audience=Event.Audience.COUNCILLORS)

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_a"], council_a, [typed("A Friend", "friend@example.org")])

    assert "for councillors only" in field_errors(excinfo)["others"]
    assert not Booking.objects.exists()


def test_councillors_course_takes_councillors_and_chairs_not_the_clerk(people, council_a):
    event = EventFactory(audience=Event.Audience.COUNCILLORS)

    booking = book(
        event, people["clerk_a"], council_a, [person(people["councillor_a"]), person(people["chair_a"])]
    )
    assert booking.places.count() == 2
    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_a"], council_a, [person(people["clerk_a"])])
    assert (
        "Clerk A cannot take a place: this event is for councillors only" in field_errors(excinfo)["people"]
    )


def test_chairs_networking_only_for_chairs_and_vice_chairs(people, council_a):
    event = EventFactory(audience=Event.Audience.CHAIRS, kind=Event.Kind.NETWORKING)
    vice_chair = PositionFactory(council=council_a, role=Position.Role.VICE_CHAIR).user

    with pytest.raises(ValidationError):
        book(event, people["councillor_a"], council_a, [person(people["councillor_a"])])
    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])
    assert "for chairs and vice-chairs only" in field_errors(excinfo)["people"]

    assert book(event, people["chair_a"], council_a, [person(people["chair_a"])]).places.count() == 1
    assert book(event, people["clerk_a"], council_a, [person(vice_chair)]).places.count() == 1


def test_a_clerk_books_only_for_people_of_their_own_council(people, council_a, council_b):
    event = EventFactory()

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_b"], council_b, [person(people["councillor_a"])])
    assert "your council's list" in field_errors(excinfo)["people"]

    with pytest.raises(ValidationError) as excinfo:  # a forged council id: someone else's council
        book(event, people["clerk_b"], council_a, [person(people["councillor_a"])])
    assert field_errors(excinfo)["council"] == "Choose one of your own councils."
    assert not Booking.objects.exists()


def test_former_clerk_cannot_book_for_the_council(people, council_a):
    event = EventFactory()

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["former_clerk_a"], council_a, [person(people["councillor_a"])])

    assert "council" in field_errors(excinfo)
    assert not Booking.objects.exists()


def test_a_councillor_books_only_themself(people, council_a):
    event = EventFactory()

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["councillor_a"], council_a, [person(people["chair_a"])])
    assert field_errors(excinfo)["people"] == "You can book a place only for yourself."

    assert (
        book(event, people["councillor_a"], council_a, [person(people["councillor_a"])]).places.count() == 1
    )


@pytest.mark.parametrize(
    "others, message",
    [
        (
            [typed("Sam Patel", "sam@example.org"), typed("Sam P", "SAM@example.org")],
            "appears more than once",
        ),
        ([typed("Sam Patel", "sam@")], "is not an email address"),
        ([typed("", "sam@example.org")], "Give a name"),
    ],
)
def test_bad_typed_people_are_refused_and_change_nothing(people, council_a, others, message):
    event = EventFactory()

    with pytest.raises(ValidationError) as excinfo:
        book(event, people["clerk_a"], council_a, [person(people["councillor_a"]), *others])

    assert message in field_errors(excinfo)["others"]
    assert not Booking.objects.exists()


def test_someone_already_booked_is_named_and_nothing_changes(people, council_a):
    event = EventFactory()
    book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])

    with pytest.raises(ValidationError) as excinfo:
        book(
            event,
            people["deputy_clerk_a"],
            council_a,
            [person(people["chair_a"]), person(people["councillor_a"])],
        )

    assert field_errors(excinfo)["people"] == "Already booked on this event: Councillor A."
    assert confirmed(event) == 1


def test_the_database_refuses_a_second_confirmed_place_for_one_email(people, council_a):
    event = EventFactory()
    booking = book(event, people["clerk_a"], council_a, [typed("Sam Patel", "sam@example.org")])

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingPlace.objects.create(booking=booking, event=event, name="Sam again", email="SAM@example.org")


# --- Cancellation and the waiting list -------------------------------------------------------------


def full_event_with_queue(people, council_a, *, capacity=2):
    """A full event (councillor and chair of A) with two entries waiting: 2 places (no
    partial), then 1 place."""
    event = EventFactory(capacity=capacity)
    booking = book(
        event, people["clerk_a"], council_a, [person(people["councillor_a"]), person(people["chair_a"])]
    )
    first = book(
        event,
        people["clerk_a"],
        council_a,
        [typed("Ann One", "ann@example.org"), typed("Bo Two", "bo@example.org")],
    )
    second = book(event, people["clerk_b"], Council.objects.get(slug="worth"), [person(people["clerk_b"])])
    return event, booking, first, second


def test_cancelling_one_place_offers_it_to_the_first_entry_that_fits(people, council_a):
    event, booking, first, second = full_event_with_queue(people, council_a)
    chair_place = booking.places.get(user=people["chair_a"])
    moment = timezone.now()

    with time_machine.travel(moment, tick=False):
        services.booking_places_cancel(
            booking_id=booking.pk, by=people["clerk_a"], place_ids=[chair_place.pk]
        )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitingListEntry.Status.WAITING  # wants 2, no partial: skipped
    assert second.status == WaitingListEntry.Status.OFFERED and second.offered_places == 1
    assert second.offer_expires_at == moment + datetime.timedelta(hours=48)
    assert services.places_taken(event) == 2  # one confirmed, one held


def test_partial_offers_only_to_entries_that_accept_them(people, council_a):
    event = EventFactory(capacity=1)
    booking = book(event, people["clerk_a"], council_a, [person(people["councillor_a"])])
    partial = book(
        event,
        people["clerk_a"],
        council_a,
        [typed("Ann One", "ann@example.org"), typed("Bo Two", "bo@example.org")],
        accepts_partial=True,
    )

    services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])

    partial.refresh_from_db()
    assert partial.status == WaitingListEntry.Status.OFFERED and partial.offered_places == 1


def test_offer_accepted_within_the_hold_books_the_places(people, council_a):
    event, booking, first, second = full_event_with_queue(people, council_a)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])  # frees 2
    first.refresh_from_db()
    assert first.status == WaitingListEntry.Status.OFFERED and first.offered_places == 2

    with time_machine.travel(start + datetime.timedelta(hours=47), tick=False):
        accepted = services.waiting_list_offer_accept(entry_id=first.pk, by=people["clerk_a"])

    assert sorted(accepted.places.values_list("email", flat=True)) == ["ann@example.org", "bo@example.org"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitingListEntry.Status.BOOKED and first.booking == accepted
    assert second.status == WaitingListEntry.Status.WAITING
    assert confirmed(event) == 2 and services.places_taken(event) == 2


def test_taking_fewer_places_than_offered_passes_the_rest_on(people, council_a):
    event, booking, first, second = full_event_with_queue(people, council_a)
    services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])

    services.waiting_list_offer_accept(entry_id=first.pk, by=people["clerk_a"], attendee_indexes=[1])

    second.refresh_from_db()
    assert second.status == WaitingListEntry.Status.OFFERED and second.offered_places == 1
    assert list(
        BookingPlace.objects.filter(event=event, status="confirmed").values_list("email", flat=True)
    ) == ["bo@example.org"]


def test_an_expired_offer_moves_on_to_the_next_entry_and_cannot_be_accepted(people, council_a):
    event, booking, first, second = full_event_with_queue(people, council_a)
    later = book(event, people["deputy_clerk_a"], council_a, [typed("Cy Three", "cy@example.org")])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.booking_places_cancel(
            booking_id=booking.pk, by=people["clerk_a"], place_ids=[booking.places.first().pk]
        )
    second.refresh_from_db()
    assert second.status == WaitingListEntry.Status.OFFERED

    with time_machine.travel(start + datetime.timedelta(hours=47, minutes=59), tick=False):
        assert services.waiting_list_offers_expire() == 0  # still held
    with time_machine.travel(start + datetime.timedelta(hours=48), tick=False):
        with pytest.raises(ValidationError, match="no longer open"):
            services.waiting_list_offer_accept(entry_id=second.pk, by=people["clerk_b"])
        assert services.waiting_list_offers_expire() == 1
        assert services.waiting_list_offers_expire() == 0  # twice: once

    second.refresh_from_db()
    later.refresh_from_db()
    assert second.status == WaitingListEntry.Status.EXPIRED
    assert later.status == WaitingListEntry.Status.OFFERED and later.offered_places == 1
    assert later.offer_expires_at == start + datetime.timedelta(hours=96)


def test_booker_cancels_until_the_deadline_staff_any_time(people, council_a):
    event = EventFactory()
    booking = book(
        event, people["clerk_a"], council_a, [person(people["councillor_a"]), person(people["chair_a"])]
    )
    after_deadline = event.cancellation_deadline + datetime.timedelta(minutes=1)

    with time_machine.travel(after_deadline, tick=False):
        with pytest.raises(ValidationError) as excinfo:
            services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])
        assert "ask the office" in field_errors(excinfo)["places"]
        assert confirmed(event) == 2
        services.booking_places_cancel(booking_id=booking.pk, by=people["training_officer"])
    assert confirmed(event) == 0


def test_an_attendee_cancels_their_own_place_but_not_others(people, council_a):
    event = EventFactory()
    booking = book(
        event, people["clerk_a"], council_a, [person(people["councillor_a"]), person(people["chair_a"])]
    )
    mine = booking.places.get(user=people["councillor_a"])
    theirs = booking.places.get(user=people["chair_a"])

    services.booking_places_cancel(booking_id=booking.pk, by=people["councillor_a"], place_ids=[mine.pk])
    with pytest.raises(PermissionDenied):  # not their place, not their booking
        services.booking_places_cancel(
            booking_id=booking.pk, by=people["councillor_a"], place_ids=[theirs.pk]
        )

    assert list(booking.places.filter(status="confirmed").values_list("pk", flat=True)) == [theirs.pk]


def test_withdrawing_an_offer_moves_it_on(people, council_a):
    event, booking, first, second = full_event_with_queue(people, council_a)
    services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"])  # frees 2: first gets both
    first.refresh_from_db()
    assert first.status == WaitingListEntry.Status.OFFERED

    services.waiting_list_entry_withdraw(entry_id=first.pk, by=people["clerk_a"])

    second.refresh_from_db()
    assert second.status == WaitingListEntry.Status.OFFERED
