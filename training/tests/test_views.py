"""The pages through the test client: the listing's filters, the booking form's choices
and its bad input (a clear message by the field, nothing changed, never a 500)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory
from training.models import Booking, BookingPlace, Event, WaitingListEntry
from training.tests.factories import EventFactory, online_session

pytestmark = pytest.mark.django_db


def field_error(response, field: str) -> str:
    form = response.context["form"]
    assert field in form.errors, form.errors
    return " ".join(form.errors[field])


def nothing_booked():
    assert not Booking.objects.exists() and not BookingPlace.objects.exists()
    assert not WaitingListEntry.objects.exists()


# --- Listing ------------------------------------------------------------------------------------


def test_listing_filters_by_kind_audience_month_and_mode(client, db):
    base = timezone.now().replace(microsecond=0) + datetime.timedelta(days=40)
    EventFactory(title="Planning for councillors", audience=Event.Audience.COUNCILLORS, starts_at=base)
    EventFactory(
        title="Clerks' networking",
        kind=Event.Kind.NETWORKING,
        audience=Event.Audience.CLERKS,
        starts_at=base + datetime.timedelta(days=40),
        sessions=[online_session(base + datetime.timedelta(days=40))],
    )

    def titles(query):
        response = client.get(f"/training/?{query}")
        assert response.status_code == 200
        return [event.title for event in response.context["page"].object_list]

    assert titles("") == ["Planning for councillors", "Clerks' networking"]
    assert titles("kind=networking") == ["Clerks' networking"]
    assert titles("audience=councillors") == ["Planning for councillors"]
    assert titles(f"month={base:%Y-%m}") == ["Planning for councillors"]
    assert titles("mode=online") == ["Clerks' networking"]
    assert titles("mode=in_person") == ["Planning for councillors"]


def test_listing_bad_filters_get_a_message_not_a_500(client, db):
    EventFactory(title="Planning for councillors")

    response = client.get("/training/?month=March&kind=party")

    assert response.status_code == 200
    assert "Enter a month as year and month" in field_error(response, "month")
    assert "kind" in response.context["form"].errors
    assert [e.title for e in response.context["page"].object_list] == ["Planning for councillors"]


def test_past_events_leave_the_listing(client, db):
    past_start = timezone.now() - datetime.timedelta(days=3)
    EventFactory(
        title="Last week's course",
        starts_at=past_start,
        booking_opens_at=past_start - datetime.timedelta(days=30),
        booking_closes_at=past_start - datetime.timedelta(days=1),
        cancellation_deadline=past_start - datetime.timedelta(days=2),
    )
    assert client.get("/training/").context["page"].paginator.count == 0


# --- The booking form --------------------------------------------------------------------------


def test_clerk_sees_the_councils_people_who_fit_the_audience(client, login_as, people, council_a):
    event = EventFactory(slug="chairs-network", audience=Event.Audience.CHAIRS)
    login_as("clerk_a")

    response = client.get("/training/chairs-network/")

    choices = [label for _value, label in response.context["form"].fields["people"].choices]
    assert choices == [f"Chair A ({people['chair_a'].email})"]
    assert "others" not in response.context["form"].fields  # a chairs' session takes no typed names
    assert event.title in response.content.decode()


def test_clerk_of_two_councils_switches_between_them(client, login_as, people, council_a):
    other = CouncilFactory(name="Eythorne", slug="eythorne")
    PositionFactory(council=other, role=Position.Role.CLERK, user=people["clerk_a"])
    their_councillor = PositionFactory(
        council=other, role=Position.Role.COUNCILLOR, user__full_name="Eve E"
    ).user
    EventFactory(slug="course")
    login_as("clerk_a")

    first = client.get("/training/course/")
    switched = client.get(f"/training/course/?council={other.pk}")

    assert first.context["setup"].council == council_a
    assert switched.context["setup"].council == other
    assert [v for v, _ in switched.context["form"].fields["people"].choices] == [
        people["clerk_a"].pk,
        their_councillor.pk,
    ]


def post_booking(client, data, slug="course"):
    return client.post(f"/training/{slug}/book/", data)


def test_more_places_than_free_gets_a_message_by_the_people_and_books_nothing(
    client, login_as, people, council_a
):
    EventFactory(slug="course", capacity=1)
    login_as("clerk_a")

    response = post_booking(
        client, {"council": council_a.pk, "people": [people["councillor_a"].pk, people["chair_a"].pk]}
    )

    assert response.status_code == 200
    assert "Only 1 place is left and you chose 2" in field_error(response, "people")
    assert escape("Only 1 place is left") in response.content.decode()
    nothing_booked()


def test_closed_booking_gets_a_message_and_books_nothing(client, login_as, people, council_a):
    now = timezone.now()
    EventFactory(
        slug="course",
        booking_opens_at=now - datetime.timedelta(days=20),
        booking_closes_at=now - datetime.timedelta(hours=1),
    )
    login_as("clerk_a")

    response = post_booking(client, {"council": council_a.pk, "people": [people["councillor_a"].pk]})

    assert response.status_code == 200
    assert "Booking closed on" in " ".join(response.context["form"].non_field_errors())
    nothing_booked()


@pytest.mark.parametrize(
    "others, message",
    [
        ("Sam Patel, sam@example.org\nSam Again, SAM@example.org", "sam@example.org appears more than once"),
        ("Sam Patel, sam@", "“sam@” is not an email address"),
        ("just-an-address@example.org", "Line 1: write the name, a comma and the email address"),
        ("Sam Patel, sam@example.org\n, bo@example.org", "Line 2: give the person's name"),
    ],
)
def test_bad_typed_names_get_a_message_by_the_field_and_book_nothing(
    client, login_as, council_a, others, message
):
    EventFactory(slug="course")
    login_as("clerk_a")

    response = post_booking(client, {"council": council_a.pk, "others": others})

    assert response.status_code == 200
    assert message in field_error(response, "others")
    nothing_booked()


def test_a_duplicate_of_a_chosen_person_is_refused(client, login_as, people, council_a):
    EventFactory(slug="course")
    login_as("clerk_a")

    response = post_booking(
        client,
        {
            "council": council_a.pk,
            "people": [people["councillor_a"].pk],
            "others": f"Tom, {people['councillor_a'].email}",
        },
    )

    assert "appears more than once" in field_error(response, "others")
    nothing_booked()


def test_forged_council_and_people_ids_get_a_message_and_book_nothing(
    client, login_as, people, council_a, council_b
):
    EventFactory(slug="course")
    login_as("clerk_b")

    forged_council = post_booking(client, {"council": council_a.pk, "people": [people["councillor_a"].pk]})
    forged_person = post_booking(client, {"council": council_b.pk, "people": [people["councillor_a"].pk]})
    not_a_number = post_booking(client, {"council": "ash", "people": ["x"]})

    assert field_error(forged_council, "council") == "Choose one of your own councils."
    assert field_error(forged_person, "people") == "Choose people from your council's list."
    assert field_error(not_a_number, "council") == "Choose one of your own councils."
    nothing_booked()


def test_a_councillor_cannot_slip_someone_else_in(client, login_as, people, council_a):
    EventFactory(slug="course")
    login_as("councillor_a")

    response = post_booking(client, {"council": council_a.pk, "people": [people["chair_a"].pk]})

    assert response.status_code == 302
    assert list(BookingPlace.objects.values_list("user_id", flat=True)) == [people["councillor_a"].pk]


def test_choosing_nobody_asks_for_someone(client, login_as, council_a):
    EventFactory(slug="course")
    login_as("clerk_a")

    response = post_booking(client, {"council": council_a.pk})

    assert "Choose at least one person" in field_error(response, "people")
    # The error summary links to the list's first checkbox (a group has no id of its own).
    assert 'href="#id_people_0"' in response.content.decode()
    nothing_booked()


def test_the_header_links_to_training(client, db):
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert '<a class="nav-link" href="/training/">Training</a>' in header


def test_a_full_event_puts_the_booking_on_the_waiting_list(client, login_as, people, council_a):
    EventFactory(slug="course", capacity=1)
    login_as("clerk_a")
    post_booking(client, {"council": council_a.pk, "people": [people["chair_a"].pk]})

    response = post_booking(client, {"council": council_a.pk, "people": [people["councillor_a"].pk]})

    assert response.status_code == 302 and response["Location"] == "/training/my-bookings/"
    entry = WaitingListEntry.objects.get()
    assert entry.attendees[0]["user_id"] == people["councillor_a"].pk
    page = client.get("/training/my-bookings/").content.decode()
    assert "1 place wanted" in page


def test_cancel_with_no_place_chosen_gets_a_message(client, login_as, people, council_a):
    EventFactory(slug="course")
    login_as("clerk_a")
    post_booking(client, {"council": council_a.pk, "people": [people["chair_a"].pk]})
    booking = Booking.objects.get()

    response = client.post(f"/training/bookings/{booking.pk}/cancel/", {"places": ["999999"]})

    assert response.status_code == 200
    assert "Choose places on this booking that are still booked." in field_error(response, "places")
    assert BookingPlace.objects.get().status == BookingPlace.Status.CONFIRMED


def test_my_bookings_lists_what_i_booked_and_what_was_booked_for_me(client, login_as, people, council_a):
    EventFactory(slug="course", title="Code of conduct")
    login_as("clerk_a")
    post_booking(client, {"council": council_a.pk, "people": [people["councillor_a"].pk]})
    client.logout()

    login_as("councillor_a")
    mine = client.get("/training/my-bookings/")
    client.logout()
    login_as("chair_a")
    theirs = client.get("/training/my-bookings/")

    assert [b.event.title for b in mine.context["bookings"]] == ["Code of conduct"]
    assert theirs.context["bookings"] == []
