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
  SECTION_SIZE items of each hub and of "No hub", in ONE query (a UNION ALL of one
  LIMITed branch per hub, written in SQL: see _sections_sql).
  Its rows and the board's capped total are kept in the cache under the catalogue's
  version, the day and the window (_board_version); owners' names are read fresh.
- review_board_hub_page: one hub's (or "No hub"'s) due items, a page at a time, the
  pages numbered by a count that stops at COUNT_CAP."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from kalc_portal.pagination import CountedPaginator, requested_page_number
from knowledge_bank.models import Hub, HubItem, Resource
from knowledge_bank.selectors.tallies import TALLIES_SECONDS, catalogue_version

User = get_user_model()

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


@dataclass(slots=True)
class BoardEntry:
    """One row of the board: only what its table shows (see templatetags.review_rows)."""

    pk: int
    slug: str
    title: str
    status: str
    kind: str
    review_due: datetime.date
    owner_name: str

    @classmethod
    def from_row(cls, pk, slug, title, status, kind, review_due, owner_full_name, owner_email):
        # The owner as User.get_full_name() names them: the full name, else the email.
        return cls(pk, slug, title, status, kind, review_due, owner_full_name or owner_email)


# The columns BoardEntry.from_row takes, as the ORM names them.
_ENTRY_FIELDS = ("pk", "slug", "title", "status", "kind", "review_due", "owner__full_name", "owner__email")


@dataclass
class BoardSection:
    hub: Hub | None  # None: the resources in no hub
    entries: list[BoardEntry]
    # There are more than SECTION_SIZE items due in this hub.
    has_more: bool = False

    @property
    def hub_value(self) -> str:
        """The board's `hub` filter value for this section's hub."""
        return NO_HUB if self.hub is None else str(self.hub.pk)


@dataclass
class BoardHubPage:
    page: Page
    entries: list[BoardEntry]
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


def _sections_sql(hub_count: int) -> str:
    """The all-hubs board's statement: a branch per hub, then one for "No hub".

    Written in SQL because compiling the same thing from ORM querysets (one per hub, each
    with its Exists and select_related) cost more than the query itself, on every view of
    the board. Each branch is what _due_resources(...).filter(_in_hub(...)) gives, reduced
    to BoardEntry's columns: the same partial-index condition (status <> 'archived',
    exactly resource_review_due's), the same order and a LIMIT. Only table names come
    from the models; every value is a parameter (see _sections_params)."""
    quote = connection.ops.quote_name
    resource = quote(Resource._meta.db_table)
    owner = quote(Resource._meta.get_field("owner").related_model._meta.db_table)
    hub_item = quote(HubItem._meta.db_table)

    def branch(membership: str) -> str:
        return (
            "(SELECT r.id, r.slug, r.title, r.status, r.kind, r.review_due, r.owner_id, "  # noqa: S608 - our tables
            f"CAST(%s AS bigint) AS board_hub_id FROM {resource} r "
            f"WHERE r.status <> %s AND r.review_due <= %s AND {membership} "
            "ORDER BY r.review_due, r.title, r.id LIMIT %s)"
        )

    in_hub = branch(f"EXISTS (SELECT 1 FROM {hub_item} i WHERE i.hub_id = %s AND i.resource_id = r.id)")  # noqa: S608
    in_no_hub = branch(f"NOT EXISTS (SELECT 1 FROM {hub_item} i WHERE i.resource_id = r.id)")  # noqa: S608
    # The owners are joined once, to the at most SECTION_SIZE + 1 rows of each branch: a
    # join inside every branch cost more to plan than the branch cost to run. The
    # combined rows need their own ORDER BY: a UNION's order is not its branches'.
    return (
        "SELECT b.id, b.slug, b.title, b.status, b.kind, b.review_due, u.full_name, u.email, "  # noqa: S608 - our tables
        f"b.board_hub_id, b.owner_id FROM ({' UNION ALL '.join([in_hub] * hub_count + [in_no_hub])}) b "
        f"INNER JOIN {owner} u ON u.id = b.owner_id ORDER BY b.review_due, b.title, b.id"
    )


def _sections_params(*, window_end: datetime.date, hubs: Sequence[Hub]) -> list:
    # One more than is shown, to know whether there are more.
    limit = SECTION_SIZE + 1
    archived = Resource.Status.ARCHIVED.value
    params = []
    for hub in hubs:
        params += [hub.pk, archived, window_end, hub.pk, limit]
    return [*params, None, archived, window_end, limit]


def _board_version(today: datetime.date, window: str) -> str:
    # What the all-hubs board shows changes only when resources, their hubs or their
    # reviews do (each moves the catalogue's version on: tallies.py) or when the day or
    # the window does. People's names are read fresh (_with_owners_names_now).
    return f"{catalogue_version()}:{today.isoformat()}:{window}"


def _with_owners_names_now(rows: list[tuple]) -> list[tuple]:
    """Cached section rows with each owner's name as it is now (names change outside the
    catalogue): one query by primary key for the page's few owners."""
    owners = User.objects.filter(pk__in={row[-1] for row in rows}).values_list("pk", "full_name", "email")
    names = {pk: (full_name, email) for pk, full_name, email in owners}
    return [(*row[:6], *names.get(row[-1], row[6:8]), *row[8:]) for row in rows]


def review_board_sections(
    *, today: datetime.date, window: str = DEFAULT_WINDOW, hubs: Sequence[Hub]
) -> list[BoardSection]:
    """The earliest due items (up to SECTION_SIZE, earliest first) of each of `hubs` (in
    the order given: pass them in home-page order) and then of "No hub", with whether
    more are due. A resource in two hubs is listed under each. Hubs with nothing due are
    left out: the board is a to-do list, and the hub filter still lists every hub."""
    key = f"knowledge:review-sections:{_board_version(today, window)}:{','.join(str(hub.pk) for hub in hubs)}"
    rows = cache.get(key)
    if rows is None:
        # One round trip for every section: each branch is its own LIMITed index walk.
        with connection.cursor() as cursor:
            cursor.execute(
                _sections_sql(len(hubs)),
                _sections_params(window_end=review_window_end(today, window), hubs=hubs),
            )
            rows = cursor.fetchall()
        cache.set(key, rows, TALLIES_SECONDS)
    else:
        rows = _with_owners_names_now(rows)
    by_hub: dict[int | None, list[BoardEntry]] = {}
    for *columns, board_hub_id, _owner_id in rows:
        by_hub.setdefault(board_hub_id, []).append(BoardEntry.from_row(*columns))
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
    # In review-date order, so the count walks the review_due index (the same condition as
    # _due_resources) and stops at the cap. In SQL for the reason given in _sections_sql:
    # the ORM took longer to write this statement than PostgreSQL took to answer it.
    key = f"knowledge:review-total:{_board_version(today, window)}"
    counted = cache.get(key)
    if counted is None:
        resource = connection.ops.quote_name(Resource._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {resource} WHERE status <> %s AND review_due <= %s "  # noqa: S608 - our table
                "ORDER BY review_due LIMIT %s) AS due",
                [Resource.Status.ARCHIVED.value, review_window_end(today, window), COUNT_CAP + 1],
            )
            (counted,) = cursor.fetchone()
        cache.set(key, counted, TALLIES_SECONDS)
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
    rows = due.values_list(*_ENTRY_FIELDS)[offset : offset + PAGE_SIZE] if total else []
    entries = [BoardEntry.from_row(*row) for row in rows]

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
