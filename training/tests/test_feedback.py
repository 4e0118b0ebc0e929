"""Feedback after an event: one rating (1 to 5) and comments per attendee, only for their
own confirmed place and only once the event has ended; the request email after the event
(once per place); the score on the staff list and the comments for the people running
training, each page a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from kalc_portal.outbox.models import OutgoingMail
from training import notifications
from training.models import BookingPlace, Event, EventFeedback
from training.services import bookings as booking_services
from training.services import feedback as services
from training.services.bookings import Attendee
from training.tests.conftest import ROLES
from training.tests.factories import EventFactory
from training.tests.test_query_budgets import bulk_bookings, bulk_events

pytestmark = pytest.mark.django_db


def booked_event(people, council_a, **kwargs):
    """A course a month away, clerk A booking councillor A (account) and Sam Patel (typed)."""
    event = EventFactory(**kwargs)
    booking = booking_services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
    )
    return event, booking


def after(event, **delta):
    return time_machine.travel(event.ends_at + datetime.timedelta(**(delta or {"hours": 2})), tick=False)


# --- Service ---------------------------------------------------------------------------------


def test_an_attendee_rates_the_event_once(people, council_a):
    event, _ = booked_event(people, council_a)

    with after(event):
        feedback = services.event_feedback_create(
            event_id=event.pk, by=people["councillor_a"], rating="4", comments="  Clear and useful.  "
        )
        with pytest.raises(ValidationError) as again:
            services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=1)

    assert (feedback.rating, feedback.comments, feedback.event_id) == (4, "Clear and useful.", event.pk)
    assert feedback.place.user_id == people["councillor_a"].pk
    assert again.value.code == "already_given"
    assert EventFeedback.objects.get().rating == 4


def test_the_database_holds_one_feedback_per_place_and_ratings_1_to_5(people, council_a):
    event, booking = booked_event(people, council_a)
    place = booking.places.get(user=people["councillor_a"])
    EventFeedback.objects.create(place=place, event=event, rating=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFeedback.objects.create(place=place, event=event, rating=3)
    other = booking.places.get(email="sam@example.org")
    for rating in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            EventFeedback.objects.create(place=other, event=event, rating=rating)


@pytest.mark.parametrize("rating", ["", "0", "6", "-1", "²", "4.5", "five", None, "9" * 80])
def test_a_bad_rating_is_refused_by_its_field_and_nothing_is_written(people, council_a, rating):
    event, _ = booked_event(people, council_a)

    with after(event), pytest.raises(ValidationError) as error:
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=rating)

    assert "Choose a rating from 1" in " ".join(error.value.message_dict["rating"])
    assert not EventFeedback.objects.exists()


def test_too_long_comments_are_refused_by_their_field(people, council_a):
    event, _ = booked_event(people, council_a)

    with after(event), pytest.raises(ValidationError) as error:
        services.event_feedback_create(
            event_id=event.pk, by=people["councillor_a"], rating=3, comments="x" * 2001
        )

    assert "2,000 characters" in " ".join(error.value.message_dict["comments"])
    assert not EventFeedback.objects.exists()


@pytest.mark.parametrize("role", ["clerk_a", "chair_a", "clerk_b", "staff", "training_officer"])
def test_only_the_holder_of_the_place_gives_feedback(people, council_a, role):
    # Clerk A booked the places but has none of their own; staff run training but were not there.
    event, _ = booked_event(people, council_a)

    with after(event), pytest.raises(PermissionDenied):
        services.event_feedback_create(event_id=event.pk, by=people[role], rating=5)

    assert not EventFeedback.objects.exists()


def test_a_cancelled_place_gives_no_feedback(people, council_a):
    event, booking = booked_event(people, council_a)
    place = booking.places.get(user=people["councillor_a"])
    booking_services.booking_places_cancel(booking_id=booking.pk, by=people["clerk_a"], place_ids=[place.pk])

    with after(event), pytest.raises(PermissionDenied):
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=5)


def test_a_typed_place_is_its_addresss_when_that_person_has_an_account(people, council_a):
    from members.tests.factories import UserFactory

    event, _ = booked_event(people, council_a)
    sam = UserFactory(email="Sam@Example.org")

    with after(event):
        feedback = services.event_feedback_create(event_id=event.pk, by=sam, rating=2)

    assert feedback.place.email == "sam@example.org"


def test_feedback_opens_when_the_event_ends_and_closes_after_the_window(people, council_a, settings):
    settings.TRAINING_FEEDBACK_DAYS = 30
    event, _ = booked_event(people, council_a)

    early_moment = event.ends_at - datetime.timedelta(minutes=5)
    with time_machine.travel(early_moment, tick=False), pytest.raises(ValidationError) as early:
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=5)
    with after(event, days=30, minutes=1), pytest.raises(ValidationError) as late:
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=5)

    assert early.value.code == late.value.code == "closed"
    assert "opens when the event ends" in early.value.messages[0]
    assert "closed on" in late.value.messages[0]
    assert not EventFeedback.objects.exists()


def test_a_cancelled_event_takes_no_feedback(people, council_a):
    from training.services import events as event_services

    event, _ = booked_event(people, council_a)
    event_services.event_status_set(event=event, status=Event.Status.CANCELLED)

    with after(event), pytest.raises(ValidationError) as error:
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=5)

    assert error.value.code == "closed"


# --- The request email -----------------------------------------------------------------------


def test_the_request_goes_after_the_event_once_to_each_place_with_an_account(people, council_a):
    event, _ = booked_event(people, council_a, title="Planning for councillors")

    with time_machine.travel(event.ends_at - datetime.timedelta(minutes=1), tick=False):
        assert notifications.feedback_requests_queue() == 0
    with after(event, minutes=30):
        assert notifications.feedback_requests_queue() == 1
        assert notifications.feedback_requests_queue() == 0  # the job runs twice: sent once

    mail = OutgoingMail.objects.get(purpose="training.feedback_request")
    assert mail.to == people["councillor_a"].email
    assert mail.subject == "[KALC] How was Planning for councillors?"
    assert f"/training/{event.slug}/feedback/" in mail.body_text
    assert f"/training/{event.slug}/feedback/" in mail.body_html


def test_no_request_for_feedback_already_given_cancelled_places_or_old_events(people, council_a, settings):
    settings.TRAINING_FEEDBACK_DAYS = 30
    event, booking = booked_event(people, council_a)
    other = EventFactory()
    chair_booking = booking_services.booking_request(
        event_id=other.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["chair_a"].pk), Attendee("", "", people["deputy_clerk_a"].pk)],
    )
    booking_services.booking_places_cancel(
        booking_id=chair_booking.pk,
        by=people["clerk_a"],
        place_ids=[chair_booking.places.get(user=people["deputy_clerk_a"]).pk],
    )
    with after(event):
        services.event_feedback_create(event_id=event.pk, by=people["councillor_a"], rating=5)
        assert notifications.feedback_requests_queue() == 1
    with after(event, days=31):
        assert notifications.feedback_requests_queue() == 0

    assert list(
        OutgoingMail.objects.filter(purpose="training.feedback_request").values_list("to", flat=True)
    ) == [people["chair_a"].email]


# --- Pages -----------------------------------------------------------------------------------


def test_the_form_records_the_feedback_and_shows_it_afterwards(client, login_as, people, council_a):
    event, _ = booked_event(people, council_a)
    login_as("councillor_a")
    url = f"/training/{event.slug}/feedback/"

    with after(event):
        page = client.get(url)
        response = client.post(url, {"rating": "5", "comments": "Excellent trainer."})
        again = client.get(url)
        refused = client.post(url, {"rating": "1"})

    assert page.status_code == 200 and page.context["form"] is not None
    assert response.status_code == 302 and response["Location"] == url
    assert "you gave this event 5 out of 5" in again.content.decode()
    assert again.context["form"] is None
    assert refused.status_code == 200 and refused.context["form"] is None
    assert list(EventFeedback.objects.values_list("rating", "comments")) == [(5, "Excellent trainer.")]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"rating": "", "comments": "No rating"}, "rating"),
        ({"rating": "7"}, "rating"),
        ({"rating": "1e1"}, "rating"),
        ({"rating": "3", "comments": "x" * 2001}, "comments"),
        ({"rating": "3", "comments": "null \x00 byte"}, "comments"),
    ],
)
def test_bad_input_gets_a_message_by_its_field_and_nothing_changes(
    client, login_as, people, council_a, data, field
):
    event, _ = booked_event(people, council_a)
    login_as("councillor_a")

    with after(event):
        response = client.post(f"/training/{event.slug}/feedback/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert "There is a problem" in html and f'id="id_{field}' in html
    assert not EventFeedback.objects.exists()
    if "comments" in data and field == "rating":
        assert "No rating" in html  # what was typed is kept


def test_before_the_event_ends_the_page_says_when_feedback_opens(client, login_as, people, council_a):
    event, _ = booked_event(people, council_a)
    login_as("councillor_a")

    response = client.post(f"/training/{event.slug}/feedback/", {"rating": "5"})

    assert response.status_code == 200 and response.context["form"] is None
    assert "Feedback opens when the event ends" in response.content.decode()
    assert not EventFeedback.objects.exists()


def give_feedback(people, event, *ratings_by_role):
    for role, rating, comments in ratings_by_role:
        services.event_feedback_create(event_id=event.pk, by=people[role], rating=rating, comments=comments)


def test_the_staff_list_shows_the_score_and_staff_read_the_comments(client, login_as, people, council_a):
    event = EventFactory(title="Chairmanship")
    booking_services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["chair_a"].pk), Attendee("", "", people["councillor_a"].pk)],
    )
    EventFactory(title="No feedback course")
    with after(event):
        give_feedback(
            people, event, ("chair_a", 5, "Loved the <b>case studies</b>."), ("councillor_a", 4, "")
        )
        login_as("training_officer")
        listing = client.get("/training/staff/?period=past")
        comments = client.get(f"/training/staff/{event.slug}/feedback/")

    row = next(e for e in listing.context["page"].object_list if e.title == "Chairmanship")
    assert (row.feedback_count, row.feedback_average) == (2, 4.5)
    assert f'href="/training/staff/{event.slug}/feedback/">4.5 of 5' in listing.content.decode()
    html = comments.content.decode()
    assert "Average rating 4.5 out of 5 from 2 attendees." in html
    assert "Loved the &lt;b&gt;case studies&lt;/b&gt;." in html and "Chair A" in html


# --- Permission matrix: every new URL x every role -------------------------------------------

FEEDBACK_FORM = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "councillor_a": 200}
STAFF_FEEDBACK = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "training_officer": 200, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_feedback_pages_permission_matrix(client, login_as, people, council_a, role):
    event, _ = booked_event(people, council_a, slug="past-course")
    form_url, staff_url = "/training/past-course/feedback/", "/training/staff/past-course/feedback/"
    login_as(role)

    with after(event):
        got_form = client.get(form_url)
        posted = client.post(form_url, {"rating": "4"})
        got_staff = client.get(staff_url)
        missing_staff = client.get("/training/staff/no-such-event/feedback/")

    assert got_form.status_code == FEEDBACK_FORM[role], role
    assert posted.status_code == {**FEEDBACK_FORM, "councillor_a": 302}[role], role
    assert got_staff.status_code == STAFF_FEEDBACK[role], role
    assert missing_staff.status_code == {**STAFF_FEEDBACK, "training_officer": 404, "staff": 404}[role]
    for response, url in ((got_form, form_url), (posted, form_url), (got_staff, staff_url)):
        if role == "anonymous":
            assert response["Location"] == f"/accounts/login/?next={url}"
    given = list(EventFeedback.objects.values_list("place__user_id", flat=True))
    assert given == ([people["councillor_a"].pk] if role == "councillor_a" else [])


def test_a_draft_has_no_feedback_page_for_members(client, login_as, people):
    EventFactory(slug="draft-course", status=Event.Status.DRAFT)
    login_as("councillor_a")
    assert client.get("/training/draft-course/feedback/").status_code == 404


# --- Query budgets at 10x the data -----------------------------------------------------------


def feedback_on(events, *, count_each: int) -> None:
    """count_each places with feedback on each event, written in bulk (budgets measure reads)."""
    places = BookingPlace.objects.filter(event__in=events).order_by("pk")
    rows, taken = [], {}
    for place in places:
        if taken.get(place.event_id, 0) < count_each:
            taken[place.event_id] = taken.get(place.event_id, 0) + 1
            rows.append(
                EventFeedback(place=place, event_id=place.event_id, rating=1 + place.pk % 5, comments="Fine.")
            )
    EventFeedback.objects.bulk_create(rows)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_staff_list_with_scores_is_flat_from_10_to_100_events(client, login_as, people, council_a):
    login_as("training_officer")
    few = bulk_events(10, prefix="few")
    bulk_bookings(few, booked_by=people["clerk_a"], council=council_a, places_each=3)
    feedback_on(few, count_each=3)
    at_10 = count_queries(client, "/training/staff/")

    many = bulk_events(90, prefix="many")
    bulk_bookings(many, booked_by=people["clerk_a"], council=council_a, places_each=3)
    feedback_on(many, count_each=3)
    at_100 = count_queries(client, "/training/staff/")

    assert at_10 == at_100 <= 6, (at_10, at_100)
    rows = client.get("/training/staff/").context["page"].object_list
    assert all(row.feedback_count == 3 for row in rows)


def test_the_comments_page_is_flat_from_10_to_100_answers(client, login_as, people, council_a):
    event = EventFactory(slug="big-course", capacity=500)
    login_as("staff")
    bulk_bookings([event] * 5, booked_by=people["clerk_a"], council=council_a)
    feedback_on([event], count_each=10)
    at_10 = count_queries(client, "/training/staff/big-course/feedback/")

    bulk_bookings([event] * 45, booked_by=people["clerk_a"], council=council_a)
    EventFeedback.objects.all().delete()
    feedback_on([event], count_each=100)
    at_100 = count_queries(client, "/training/staff/big-course/feedback/")

    assert at_10 == at_100 <= 7, (at_10, at_100)
    assert client.get("/training/staff/big-course/feedback/").context["summary"]["count"] == 100


def test_the_event_page_links_to_the_form_for_the_attendee_once_the_event_has_ended(
    client, login_as, people, council_a
):
    event, _ = booked_event(people, council_a)
    url = f"/training/{event.slug}/feedback/"
    login_as("councillor_a")
    assert url not in client.get(f"/training/{event.slug}/").content.decode()

    with after(event):
        assert url in client.get(f"/training/{event.slug}/").content.decode()
        client.logout()
        login_as("clerk_a")
        assert url not in client.get(f"/training/{event.slug}/").content.decode()
