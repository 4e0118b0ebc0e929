"""Reads for the review board: resources due (or soon due) for review, by hub, so each
hub's owner group sees its own "due and overdue" list.

Every query here has a LIMIT, and the planner answers it from indexes: it walks the
partial index resource_review_due (review_due, not archived) in date order, probing the
hub items' (hub, resource) unique index for each resource it passes, until it has
enough rows (for a hub with few items it reads that hub's items instead). No query
reads every due row, so the board costs about the same at 50,000 resources as at 50.
That is why the board shows no exact counts: a count of a hub's due items would read
all of them.

- review_board_sections: every hub at once (the board's first view), the earliest
  SECTION_SIZE items of each hub and of "No hub", in one query (a UNION ALL of one
  LIMITed branch per hub), and their owners in a second.
- review_board_hub_page: one hub's (or "No hub"'s) due items, a page at a time, the
  pages numbered by a count that stops at COUNT_CAP."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import CharField, Exists, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from kalc_portal.pagination import CountedPaginator, requested_page_number
from knowledge_bank.models import Hub, HubItem, Resource

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

# Items shown per hub on the all-hubs board; the hub's own list has the rest.
SECTION_SIZE = 10
PAGE_SIZE = 50
# Counting every due item of a big hub would read every one of its rows; the count stops
# here and the page says "more than 1,000". Pages stop there too: staff work from the
# earliest due, and each item marked reviewed moves off the list and lets the next one on.
COUNT_CAP = 1_000


@dataclass
class BoardSection:
    hub: Hub | None  # None: the resources in no hub
    entries: list[Resource]  # each with owner_name, days_overdue and days_until
    # There are more than SECTION_SIZE items due in this hub.
    has_more: bool = False

    @property
    def hub_value(self) -> str:
        """The board's `hub` filter value for this section's hub."""
        return NO_HUB if self.hub is None else str(self.hub.pk)


@dataclass
class BoardHubPage:
    page: Page
    entries: list[Resource]
    count: int
    # The count stopped at COUNT_CAP: there are more than `count` items due.
    count_capped: bool = False
    # Set when the address asked for a page that does not exist (page=abc, page=9999).
    page_notice: str = ""


def review_window_end(today: datetime.date, window: str) -> datetime.date:
    return today + datetime.timedelta(days=REVIEW_WINDOWS[window][1])


def _due_resources(*, today: datetime.date, window: str) -> QuerySet[Resource]:
    # The filter matches resource_review_due's condition exactly (status <> 'archived'), so
    # the planner can walk that index; the ordering starts with its column, so it stops
    # after the LIMIT (ties on a date are sorted among themselves, never the whole list).
    return (
        Resource.objects.exclude(status=Resource.Status.ARCHIVED)
        .filter(review_due__lte=review_window_end(today, window))
        .order_by("review_due", "title", "pk")
    )


def _in_hub(hub_id: int) -> Exists:
    return Exists(HubItem.objects.filter(resource=OuterRef("pk"), hub_id=hub_id))


def _in_no_hub() -> Exists:
    return ~Exists(HubItem.objects.filter(resource=OuterRef("pk")))


def _board_entries(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """Only what the board's table shows; the owner named as User.get_full_name() names them."""
    return resources.only("slug", "title", "status", "kind", "review_due").annotate(
        owner_name=Coalesce(NullIf("owner__full_name", Value("")), "owner__email", output_field=CharField())
    )


def _with_days(entries: list[Resource], today: datetime.date) -> list[Resource]:
    for entry in entries:
        entry.days_overdue = (today - entry.review_due).days
        entry.days_until = -entry.days_overdue
    return entries


def review_board_sections(
    *, today: datetime.date, window: str = DEFAULT_WINDOW, hubs: Sequence[Hub]
) -> list[BoardSection]:
    """The earliest due items (up to SECTION_SIZE, earliest first) of each of `hubs` (in
    the order given: pass them in home-page order) and then of "No hub", with whether
    more are due. A resource in two hubs is listed under each. Hubs with nothing due are
    left out: the board is a to-do list, and the hub filter still lists every hub."""
    # One statement for every section: a UNION ALL of one LIMITed branch per hub, each its
    # own walk of the review_due index.
    due = _board_entries(_due_resources(today=today, window=window))
    limit = SECTION_SIZE + 1  # one more than is shown, to know whether there are more
    branches = [
        due.filter(_in_hub(hub.pk)).annotate(board_hub_id=Value(hub.pk, output_field=IntegerField()))[:limit]
        for hub in hubs
    ]
    no_hub = Value(None, output_field=IntegerField())
    branches.append(due.filter(_in_no_hub()).annotate(board_hub_id=no_hub)[:limit])
    combined = branches[0].union(*branches[1:], all=True).order_by() if len(branches) > 1 else branches[0]
    rows = _with_days(list(combined), today)
    by_hub: dict[int | None, list[Resource]] = {}
    for row in sorted(rows, key=lambda row: (row.review_due, row.title, row.pk)):
        by_hub.setdefault(row.board_hub_id, []).append(row)
    sections = []
    for hub in [*hubs, None]:
        entries = by_hub.get(hub.pk if hub is not None else None, [])
        if entries:
            sections.append(
                BoardSection(hub=hub, entries=entries[:SECTION_SIZE], has_more=len(entries) > SECTION_SIZE)
            )
    return sections


def review_board_total(*, today: datetime.date, window: str = DEFAULT_WINDOW) -> tuple[int, bool]:
    """(how many resources are due in the window, up to COUNT_CAP; whether it stopped there).
    Each resource counts once, however many hubs it sits in."""
    # In review-date order, so the count walks the review_due index and stops at the cap.
    counted = _due_resources(today=today, window=window).values("pk")[: COUNT_CAP + 1].count()
    return min(counted, COUNT_CAP), counted > COUNT_CAP


def review_board_hub_page(
    *, today: datetime.date, window: str = DEFAULT_WINDOW, hub: Hub | None, page: object = 1
) -> BoardHubPage:
    """One page (PAGE_SIZE, earliest due first) of the items due in `hub`, or in no hub
    when `hub` is None. A page past the end, or not a number, gives the nearest real page
    and a notice. Two queries: the capped count and the page."""
    due = _due_resources(today=today, window=window)
    due = due.filter(_in_no_hub() if hub is None else _in_hub(hub.pk))
    counted = due.order_by().values("pk")[: COUNT_CAP + 1].count()
    total, count_capped = min(counted, COUNT_CAP), counted > COUNT_CAP

    requested = requested_page_number(page)
    number = requested or 1
    notice = "" if requested is not None or page in (None, "", 1) else "That page does not exist"
    last_page = max(1, -(-total // PAGE_SIZE))
    if number > last_page:
        number, notice = last_page, "That page does not exist"
    offset = (number - 1) * PAGE_SIZE
    entries = _with_days(list(_board_entries(due)[offset : offset + PAGE_SIZE]) if total else [], today)

    paginator = CountedPaginator((), PAGE_SIZE, count=total)
    if notice:
        notice = f"{notice}, so this is page {number} of {paginator.num_pages}."
    return BoardHubPage(
        page=Page(entries, number, paginator),
        entries=entries,
        count=total,
        count_capped=count_capped,
        page_notice=notice,
    )
