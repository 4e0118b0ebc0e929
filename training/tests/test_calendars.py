"""The .ics files parse with the icalendar package and keep London's local time on both
sides of the March and October clock changes; the feed has one VEVENT per session."""

import datetime
import zoneinfo

import icalendar
import pytest

from training.models import Event
from training.tests.factories import EventFactory, in_person_session, online_session

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def event_across_the_clock_changes(**kwargs):
    # Sat 27 March 2027 is GMT; Sat 3 April is BST; Sat 30 October is BST; Sat 6 November is GMT.
    sessions = [
        in_person_session(london(2027, 3, 27, 9, 30), title="Part 1"),
        online_session(london(2027, 4, 3, 9, 30), title="Part 2"),
        in_person_session(london(2027, 10, 30, 9, 30), title="Part 3"),
        online_session(london(2027, 11, 6, 9, 30), title="Part 4"),
    ]
    return EventFactory(
        starts_at=sessions[0].starts_at,
        sessions=sessions,
        booking_opens_at=london(2027, 1, 1, 9, 0),
        booking_closes_at=london(2027, 3, 20, 17, 0),
        cancellation_deadline=london(2027, 3, 13, 17, 0),
        **kwargs,
    )


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_keeps_local_time_across_both_clock_changes(client, db):
    event = event_across_the_clock_changes(title="Chairmanship", slug="chairmanship")

    calendar = parse(client.get("/training/chairmanship/event.ics"))

    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    vevents = calendar.walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in vevents] == [f"Chairmanship: Part {n}" for n in (1, 2, 3, 4)]
    starts = [v.decoded("DTSTART") for v in vevents]
    assert [(s.hour, s.minute) for s in starts] == [(9, 30)] * 4
    assert [s.utcoffset() for s in starts] == [datetime.timedelta(hours=h) for h in (0, 1, 1, 0)]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [9, 8, 8, 9]
    assert all(v["DTSTART"].params["TZID"] == "Europe/London" for v in vevents)
    assert str(vevents[1]["LOCATION"]) == "Online"
    assert str(vevents[0]["LOCATION"]) == "Kent Event Centre, Detling Showground Maidstone ME14 3JF"
    assert str(vevents[0]["URL"]).endswith(f"/training/{event.slug}/")


def test_the_vtimezone_alone_gives_the_right_offsets(client, db):
    """A calendar program that does not know Europe/London reads the offsets from our
    VTIMEZONE: resolve the times with that component only."""
    event_across_the_clock_changes(slug="chairmanship")
    raw = client.get("/training/chairmanship/event.ics").content

    calendar = icalendar.Calendar.from_ical(raw)
    [zone] = calendar.walk("VTIMEZONE")
    own_zone = zone.to_tz()
    local_starts = [v["DTSTART"].dt.replace(tzinfo=None) for v in calendar.walk("VEVENT")]
    offsets = [own_zone.utcoffset(start) for start in local_starts]
    assert offsets == [datetime.timedelta(hours=h) for h in (0, 1, 1, 0)]


def test_feed_is_one_vcalendar_with_a_vevent_per_session_of_listed_events(client, db):
    event_across_the_clock_changes(slug="four-parts")
    EventFactory(slug="one-part")
    EventFactory(slug="hidden-draft", status=Event.Status.DRAFT)

    calendar = parse(client.get("/training/calendar.ics"))

    assert calendar.name == "VCALENDAR"
    urls = [str(v["URL"]) for v in calendar.walk("VEVENT")]
    assert len(urls) == 5
    assert (
        sum(u.endswith("/four-parts/") for u in urls) == 4
        and sum(u.endswith("/one-part/") for u in urls) == 1
    )
    assert len({str(v["UID"]) for v in calendar.walk("VEVENT")}) == 5


def test_a_cancelled_event_is_marked_cancelled_in_the_feed(client, db):
    EventFactory(slug="going-ahead")
    EventFactory(slug="called-off", status=Event.Status.CANCELLED)

    calendar = parse(client.get("/training/calendar.ics"))

    statuses = {str(v["URL"]).rsplit("/", 2)[-2]: str(v.get("STATUS", "")) for v in calendar.walk("VEVENT")}
    assert statuses == {"going-ahead": "", "called-off": "CANCELLED"}


def test_event_page_shows_london_times(client, db):
    event_across_the_clock_changes(slug="chairmanship")
    html = client.get("/training/chairmanship/").content.decode()
    assert "Saturday 27 March 2027, 09:30" in html and "Saturday 3 April 2027, 09:30" in html
    assert "Saturday 30 October 2027, 09:30" in html and "Saturday 6 November 2027, 09:30" in html
