"""The training panel on the council overview (members.panels): the council's upcoming
places and the last twelve months' record, two queries whatever the council's size; and
the person's own places and offers on My KALC (members.my_kalc), two queries."""

import datetime

from django.utils import timezone

from training import permissions
from training.selectors import bookings as booking_selectors
from training.selectors import records as record_selectors

PANEL_ROWS = 20


def council_training_context(request, council) -> dict:
    now = timezone.now()
    upcoming = list(record_selectors.upcoming_places_for_council(council, now=now)[: PANEL_ROWS + 1])
    since = now - datetime.timedelta(days=365)
    recent = list(record_selectors.record_for_council(council, since=since)[: PANEL_ROWS + 1])
    return {
        "upcoming": upcoming[:PANEL_ROWS],
        "more_upcoming": len(upcoming) > PANEL_ROWS,
        "recent": recent[:PANEL_ROWS],
        "more_recent": len(recent) > PANEL_ROWS,
    }


def council_training_visible(user, council) -> bool:
    return permissions.can_view_council_record(user, council)


MY_KALC_ROWS = 5


def my_kalc_context(request) -> dict | None:
    """The person's next places and any places offered to them from a waiting list."""
    user = request.user
    if not user.is_authenticated:
        return None
    places = list(booking_selectors.upcoming_places_for_person(user, now=timezone.now())[: MY_KALC_ROWS + 1])
    offers = [
        entry
        for entry in booking_selectors.waiting_entries_for_person(user)
        if entry.status == entry.Status.OFFERED
    ]
    if not places and not offers:
        return None
    return {"places": places[:MY_KALC_ROWS], "more_places": len(places) > MY_KALC_ROWS, "offers": offers}
