"""The joining link of an online session is emailed one hour before it starts to every
confirmed place (one outbox row per place and session: the job run twice sends it once,
and a place booked later gets it on the next run); never to cancelled places, nor for
sessions in a venue; and it is never in a page for someone without a place."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.tests.support import sent_mail
from training import notifications
from training.models import Event
from training.services import bookings as services
from training.services.bookings import Attendee
from training.tests.conftest import ROLES
from training.tests.factories import EventFactory, in_person_session, online_session

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room-4711"
SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)


def online_event(people, council_a, *, sessions=None, **kwargs):
    event = EventFactory(
        kind=Event.Kind.NETWORKING,
        starts_at=SOON,
        sessions=sessions or [online_session(SOON, online_url=LINK)],
        **kwargs,
    )
    booking = services.booking_request(
        event_id=event.pk,
        booked_by=people["clerk_a"],
        council_id=council_a.pk,
        attendees=[Attendee("", "", people["councillor_a"].pk), Attendee("Sam Patel", "sam@example.org")],
    )
    return event, booking


def links():
    return OutgoingMail.objects.filter(purpose="training.joining_link")


def test_the_link_goes_an_hour_before_to_each_place_once(people, council_a):
    event, _ = online_event(people, council_a, title="Clerks' networking")

    with time_machine.travel(SOON - datetime.timedelta(minutes=61), tick=False):
        assert notifications.joining_links_queue() == 0
    with time_machine.travel(SOON - datetime.timedelta(minutes=59), tick=False):
        assert notifications.joining_links_queue() == 2  # one per place
        assert notifications.joining_links_queue() == 0  # the job runs twice: sent once
    with time_machine.travel(SOON - datetime.timedelta(minutes=4), tick=False):
        assert notifications.joining_links_queue() == 0

    assert sorted(links().values_list("to", flat=True)) == sorted(
        [people["councillor_a"].email, "sam@example.org"]
    )
    mail = links().get(to="sam@example.org")
    assert mail.subject.startswith("[KALC] Joining link: Clerks' networking at ")
    assert LINK in mail.body_text and LINK in mail.body_html and "Sam Patel" in mail.body_text
    # Shown in London time: 10:00 UTC in summer is 11:00 in Kent.
    assert timezone.localtime(SOON).strftime("%H:%M") in mail.subject


def test_the_body_with_the_link_is_not_kept_once_delivered(people, council_a):
    online_event(people, council_a)

    with time_machine.travel(SOON - datetime.timedelta(minutes=30), tick=False):
        notifications.joining_links_queue()
        delivered = [m for m in sent_mail() if "Joining link" in m.subject]

    assert sorted(m.to[0] for m in delivered) == sorted([people["councillor_a"].email, "sam@example.org"])
    assert LINK in delivered[0].body
    assert set(links().values_list("status", "body_text", "body_html")) == {
        (OutgoingMail.Status.SENT, "", "")
    }


def test_each_online_session_sends_its_own_link_and_a_venue_session_none(people, council_a):
    second = SOON + datetime.timedelta(days=7)
    online_event(
        people,
        council_a,
        sessions=[
            online_session(SOON, online_url=LINK, title="Part 1"),
            in_person_session(SOON + datetime.timedelta(days=3), title="Site visit"),
            online_session(second, online_url="https://meet.example.org/part-2", title="Part 2"),
        ],
    )

    with time_machine.travel(SOON - datetime.timedelta(minutes=30), tick=False):
        assert notifications.joining_links_queue() == 2
    with time_machine.travel(SOON + datetime.timedelta(days=3, minutes=-30), tick=False):
        assert notifications.joining_links_queue() == 0
    with time_machine.travel(second - datetime.timedelta(minutes=30), tick=False):
        assert notifications.joining_links_queue() == 2

    assert links().filter(body_text__contains="part-2").count() == 2


def test_no_link_for_cancelled_places_or_cancelled_events_and_a_late_booking_gets_it(people, council_a):
    event, booking = online_event(people, council_a)
    services.booking_places_cancel(
        booking_id=booking.pk,
        by=people["clerk_a"],
        place_ids=[booking.places.get(email="sam@example.org").pk],
    )
    other, _ = online_event(people, council_a, sessions=[online_session(SOON, online_url=LINK)])
    from training.services import events as event_services

    event_services.event_status_set(event=other, status=Event.Status.CANCELLED)

    with time_machine.travel(SOON - datetime.timedelta(minutes=50), tick=False):
        assert notifications.joining_links_queue() == 1
        # Booked inside the hour (booking is still open): the next run reaches them.
        services.booking_request(
            event_id=event.pk,
            booked_by=people["chair_a"],
            council_id=council_a.pk,
            attendees=[Attendee("", "", people["chair_a"].pk)],
            now=SOON - datetime.timedelta(days=3),
        )
    with time_machine.travel(SOON - datetime.timedelta(minutes=45), tick=False):
        assert notifications.joining_links_queue() == 1

    assert sorted(links().values_list("to", flat=True)) == sorted(
        [people["councillor_a"].email, people["chair_a"].email]
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_link_is_not_on_the_booking_page_for_anyone(client, login_as, people, council_a, role):
    # The booking page lists places; the link is only on the event page, to people with a place.
    _, booking = online_event(people, council_a)
    login_as(role)

    response = client.get(f"/training/bookings/{booking.pk}/")

    assert response.status_code in (200, 302, 404)
    assert LINK not in response.content.decode(), role


@pytest.mark.parametrize("role", ROLES)
def test_the_link_is_not_on_the_pages_of_someone_without_a_place(client, login_as, people, council_a, role):
    event, booking = online_event(people, council_a)
    services.booking_places_cancel(
        booking_id=booking.pk,
        by=people["clerk_a"],
        place_ids=[booking.places.get(user=people["councillor_a"]).pk],
    )
    login_as(role)

    pages = [
        f"/training/{event.slug}/",
        "/training/",
        "/training/calendar.ics",
        f"/training/{event.slug}/event.ics",
    ]

    # A cancelled place shows no link: only the people running training still see it.
    for url in pages:
        html = client.get(url).content.decode()
        expected = role in ("training_officer", "staff") and url == f"/training/{event.slug}/"
        assert (LINK in html) == expected, (role, url)
