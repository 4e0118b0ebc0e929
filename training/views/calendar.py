"""The .ics downloads: one event's sessions, and the public feed of published events."""

from django.http import Http404, HttpResponse

from training import calendars
from training.selectors import events as event_selectors


def event_ics(request, slug):
    event = event_selectors.event_for_page(request.user, slug)
    if event is None:
        raise Http404("No such event.")
    response = HttpResponse(
        calendars.event_calendar(event, list(event.sessions.all())),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def calendar_feed(request):
    # Public: published and cancelled events, whoever asks (drafts never reach the feed).
    body = calendars.feed_calendar(event_selectors.calendar_events())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
