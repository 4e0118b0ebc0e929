"""iCalendar files: one event's sessions, and the public feed of every published event.

Times are written as London local times with TZID=Europe/London and a VTIMEZONE whose
rules (last Sunday of March and of October) give calendar programs the right offset on
both sides of each clock change; DTSTAMP is UTC."""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vRecur
from icalendar import Event as VEvent

from training.models import Event, EventSession

LONDON = zoneinfo.ZoneInfo("Europe/London")
PRODID = "-//Kent Association of Local Councils//Training//EN"


def _london_timezone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", datetime.timedelta(0))
    summer.add("tzoffsetto", datetime.timedelta(hours=1))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", datetime.timedelta(hours=1))
    winter.add("tzoffsetto", datetime.timedelta(0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(_london_timezone())
    return calendar


def _session_vevent(event: Event, session: EventSession, *, stamp: datetime.datetime, count: int) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"training-session-{session.pk}@{settings.ASSOCIATION_SHORT_NAME.lower()}-portal")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", session.starts_at.astimezone(LONDON))
    vevent.add("dtend", session.ends_at.astimezone(LONDON))
    title = event.title if count == 1 or not session.title else f"{event.title}: {session.title}"
    vevent.add("summary", title)
    url = settings.SITE_URL.rstrip("/") + reverse("training:event", args=[event.slug])
    vevent.add("url", url)
    if session.venue_name:
        vevent.add(
            "location", ", ".join(filter(None, [session.venue_name, " ".join(session.venue_address.split())]))
        )
    else:
        vevent.add("location", "Online")
    vevent.add("description", f"{event.summary}\n\nDetails and booking: {url}".strip())
    if event.status == Event.Status.CANCELLED:
        vevent.add("status", "CANCELLED")
    return vevent


def event_calendar(event: Event, sessions: list[EventSession]) -> bytes:
    """One event's .ics: a VEVENT per session (joining links stay on the page, for attendees)."""
    calendar = _calendar(event.title)
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(_session_vevent(event, session, stamp=stamp, count=len(sessions)))
    return calendar.to_ical()


def feed_calendar(events) -> bytes:
    """The public feed: every session of every event given, each its own VEVENT."""
    calendar = _calendar(f"{settings.ASSOCIATION_SHORT_NAME} training and events")
    stamp = timezone.now()
    for event in events:
        sessions = list(event.sessions.all())
        for session in sessions:
            calendar.add_component(_session_vevent(event, session, stamp=stamp, count=len(sessions)))
    return calendar.to_ical()
