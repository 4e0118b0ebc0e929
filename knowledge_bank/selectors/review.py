"""Reads for the review board: resources due (or soon due) for review, one row per
hub they sit in (or one "No hub" row), so each hub's owner group sees its own list."""

import datetime

from django.db.models import F, QuerySet

from knowledge_bank.models import Resource

# The board's windows: how many days ahead of today a review date may fall.
WINDOW_OVERDUE = "overdue"
WINDOW_30_DAYS = "30"
WINDOW_90_DAYS = "90"
REVIEW_WINDOWS = {
    WINDOW_OVERDUE: ("Due now or overdue", 0),
    WINDOW_30_DAYS: ("Overdue or due within 30 days", 30),
    WINDOW_90_DAYS: ("Overdue or due within 90 days", 90),
}
DEFAULT_WINDOW = WINDOW_30_DAYS

# The "hub" filter's value for resources in no hub (hub values are primary keys).
NO_HUB = "none"


def review_board_entries(
    *, today: datetime.date, window: str = DEFAULT_WINDOW, hub: str = ""
) -> QuerySet[Resource]:
    """Resources not archived whose review date falls on or before the window's end,
    one row per (hub, resource), hubs in home-page order then "No hub" last, earliest
    due first. Each row carries board_hub_id and board_hub_name (None for no hub).
    `hub` is a hub's primary key, NO_HUB, or "" for every hub."""
    _label, days_ahead = REVIEW_WINDOWS[window]
    entries = (
        Resource.objects.exclude(status=Resource.Status.ARCHIVED)
        .filter(review_due__lte=today + datetime.timedelta(days=days_ahead))
        # One LEFT OUTER JOIN to the hub items: a resource in two hubs is two rows, in none one row.
        .annotate(
            board_hub_id=F("hub_items__hub_id"),
            board_hub_name=F("hub_items__hub__name"),
            board_hub_position=F("hub_items__hub__position"),
        )
        .select_related("owner")
        .defer("body", "body_html", "search_vector")
        .order_by(
            F("board_hub_position").asc(nulls_last=True),
            F("board_hub_name").asc(nulls_last=True),
            "review_due",
            "title",
            "pk",
        )
    )
    if hub == NO_HUB:
        entries = entries.filter(board_hub_id__isnull=True)
    elif hub:
        entries = entries.filter(board_hub_id=int(hub))
    return entries


def review_window_end(today: datetime.date, window: str) -> datetime.date:
    return today + datetime.timedelta(days=REVIEW_WINDOWS[window][1])
