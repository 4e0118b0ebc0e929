"""Reads for the council directory, Find your council, council pages and area committees.

No read's cost grows with the number of rows shown: related rows come in the same query
(select_related, prefetch_related, or a join or sub-select written out), and the lists
(PagedRows, RankedCouncils) read a page's rows and the count of all in one query, so the
list pages keep their query budgets.

Several reads are written in SQL: on the directory's pages, compiling the ORM's query
cost more than PostgreSQL took to run it. Each says why where it is.

The directory's searches and listings (the name search's trigram scoring costs the
database several milliseconds) are kept in the cache when asked for again
(kalc_portal/repeat_cache.py), under the directory's version: a number that a trigger
moves on with every statement writing councils or area committees (DirectoryVersion),
read first, so a cached read never outlives the rows it came from."""

import functools
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, QuerySet

from kalc_portal.repeat_cache import remember_if_repeated
from members.models import AreaCommittee, Council, DirectoryVersion, KeyContact, Position, User

# pg_trgm's own default for similarity(); low enough that "sevenoks" (0.67) and
# "Sandwitch" (0.6) find their councils, and best-first ordering pushes the
# near misses ("Sandgate", 0.4) below them.
SEARCH_SIMILARITY_THRESHOLD = 0.3

# People type the council's full title ("Sandwich Town Council"); names are stored without it.
_COUNCIL_TITLE_SUFFIX = re.compile(
    r"\s+(?:(?:parish|town|village|community|neighbourhood)\s+)?council$", re.IGNORECASE
)

# Only what a council publishes itself; the public page must never load anything else.
PUBLIC_COUNCIL_FIELDS = ("name", "slug", "kind", "district", "contact_email", "contact_phone", "website")

# The order a clerk reads their council's people in: officers first, councillors last.
_ROLE_ORDER = [
    Position.Role.CLERK,
    Position.Role.DEPUTY_CLERK,
    Position.Role.RFO,
    Position.Role.CHAIR,
    Position.Role.VICE_CHAIR,
    Position.Role.COUNCILLOR,
]
_ROLE_RANK = {role: rank for rank, role in enumerate(_ROLE_ORDER)}


def normalise_search_query(query: str) -> str:
    """Whitespace collapsed and a trailing "Town Council" (or similar) dropped."""
    query = " ".join((query or "").split())
    stripped = _COUNCIL_TITLE_SUFFIX.sub("", query).strip()
    return stripped or query


# Repeated searches and listings are served from the cache for this long at most.
DIRECTORY_CACHE_SECONDS = 10 * 60


def directory_version() -> int:
    """The directory's version (DirectoryVersion). No row means no write since the table
    was emptied (a flushed test database): version 0, until the first write adds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {DirectoryVersion._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def fetch_directory_rows(
    sql: str, params: dict, read_version: Callable[[], int] = directory_version
) -> list[tuple]:
    """The rows of a read-only directory statement over councils and area committees,
    from the cache when the same statement was asked for recently and neither table has
    been written since. `read_version` reads the directory's version (a list reading several
    pages passes one that reads it once)."""

    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    version = read_version()
    identity = repr((version, sql, sorted(params.items())))
    key = f"members:directory:{hashlib.sha256(identity.encode()).hexdigest()}"
    return remember_if_repeated(key, run, seconds=DIRECTORY_CACHE_SECONDS)


@dataclass(frozen=True)
class CouncilFilters:
    """The directory's filters, applied alike to the ORM listing and to the search's SQL.

    statuses=None means every membership status."""

    statuses: tuple[str, ...] | None = None
    district: str = ""
    area_committee_id: int | None = None

    def apply(self, councils: QuerySet[Council]) -> QuerySet[Council]:
        if self.statuses is not None:
            councils = councils.filter(membership_status__in=self.statuses)
        if self.district:
            councils = councils.filter(district=self.district)
        if self.area_committee_id is not None:
            councils = councils.filter(area_committee_id=self.area_committee_id)
        return councils

    def sql(self) -> tuple[str, dict]:
        conditions, params = ["TRUE"], {}
        if self.statuses is not None:
            conditions.append("membership_status = ANY(%(statuses)s)")
            params["statuses"] = list(self.statuses)
        if self.district:
            conditions.append("district = %(district)s")
            params["district"] = self.district
        if self.area_committee_id is not None:
            conditions.append("area_committee_id = %(area_committee_id)s")
            params["area_committee_id"] = self.area_committee_id
        return " AND ".join(conditions), params


class RankedCouncils(Sequence):
    """A name search's results: the ranked ids of every match and the council rows of the
    first page, read together in one query; rows of any later page are loaded for the
    slice asked for (a page of 50).

    Paginator counts the ids instead of running the search a second time for COUNT(*)."""

    def __init__(self, ranked_sql: str, params: dict, rows: QuerySet[Council], row_shape: "CouncilRowShape"):
        self._sql = ranked_sql
        self._params = params
        self._rows = rows
        self._row_shape = row_shape
        self._ids: list[int] | None = None
        self._first_rows: list[Council] = []

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            found = fetch_directory_rows(self._sql, self._params)
            self._ids = [pk for pk, _row in found]
            self._first_rows = [self._row_shape.council(pk, row) for pk, row in found[:READ_AHEAD_ROWS]]
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and stop <= len(self._first_rows):
                return self._first_rows[start:stop]
            ids = self.ids[index]
            by_pk = self._rows.in_bulk(ids) if ids else {}
            return [by_pk[pk] for pk in ids if pk in by_pk]
        if not -len(self) <= index < len(self):
            raise IndexError("search result index out of range")
        return self[index : index + 1 or None][0]

    def __iter__(self):
        return iter(self[:])


class PagedRows(Sequence):
    """A list read a page at a time, each page with the count of every row in the same
    query: `read(start, stop)` returns (the rows, the count).

    Paginator asks for the count before the rows, so the first page is read with it; a later
    page is read on its own (its count comes along again, and is not needed)."""

    def __init__(self, read: Callable[[int, int], tuple[list, int]]):
        self._read = read
        self._count: int | None = None
        self._first_rows: list = []

    def count(self) -> int:
        if self._count is None:
            self._first_rows, self._count = self._read(0, READ_AHEAD_ROWS)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return self[start:stop][::step]
            if stop <= len(self._first_rows):
                return self._first_rows[start:stop]
            return self._read(start, stop)[0] if start < stop else []
        if not -len(self) <= index < len(self):
            raise IndexError("row index out of range")
        return self[index : index + 1 or None][0]

    def __iter__(self):
        return iter(self[:])


def listed_councils(filters: CouncilFilters, row_shape: "CouncilRowShape") -> PagedRows:
    """Councils matching the filters, by name, without a search, a page at a time."""
    where, params = filters.sql()
    sql = _LISTING_SQL.format(row=row_shape.sql(), filters=where)
    version = functools.cache(directory_version)  # one read for the count and any page

    def read(start: int, stop: int) -> tuple[list[Council], int]:
        found = fetch_directory_rows(sql, params | {"offset": start, "limit": stop - start}, version)
        councils = [row_shape.council(pk, row) for pk, row, _count in found]
        # No row means no council at all when reading from the start; later pages are read
        # only once the count is known.
        return councils, found[0][2] if found else 0

    return PagedRows(read)


# The same filters twice: the count is an uncorrelated sub-select, which PostgreSQL runs
# once (as an InitPlan), through the same indexes a separate COUNT(*) query would use.
# The rows are written out (with their committee) only for the page, outside the LIMIT:
# PostgreSQL computes the output of every row it skips for OFFSET as well.
_LISTING_SQL = """
SELECT id, {row}, listed
FROM (
    SELECT *, (SELECT COUNT(*) FROM members_council WHERE {filters}) AS listed
    FROM members_council
    WHERE {filters}
    ORDER BY name, district
    LIMIT %(limit)s OFFSET %(offset)s
) AS page
ORDER BY name, district
"""


# Searches and listings read the rows of their first page along with their count (the
# directory's and Find your council's page size, views.directory.PAGE_SIZE): most lists
# are read from their first page, which then costs one round trip instead of two.
READ_AHEAD_ROWS = 50


@dataclass(frozen=True)
class CouncilRowShape:
    """The council columns a search or a listing returns for the rows of a page (and no
    more, like .only()), and whether each council's area committee comes with them
    (like select_related)."""

    field_names: tuple[str, ...]
    with_committee: bool = False

    @functools.cached_property
    def _fields(self) -> list:
        # In the model's order: from_db() hands the values to the fields in that order.
        return [field for field in Council._meta.concrete_fields if field.attname in self.field_names]

    @functools.cached_property
    def _attnames(self) -> list[str]:
        return [field.attname for field in self._fields]

    def sql(self) -> str:
        """A row's columns after its id, as one JSON array: one column however many fields."""
        columns = [field.column for field in self._fields if not field.primary_key]
        if self.with_committee:
            columns.append(
                "(SELECT JSON_BUILD_ARRAY(committee.name, committee.slug, committee.district) "
                "FROM members_areacommittee AS committee WHERE committee.id = area_committee_id)"
            )
        return f"JSON_BUILD_ARRAY({', '.join(columns)})::text"

    def scored_columns(self) -> str:
        """What the search's scans read besides the scores: the columns sql() writes out."""
        return ", ".join(dict.fromkeys(["id", "name", "district", *(field.column for field in self._fields)]))

    def council(self, pk: int, row_json: str) -> Council:
        values = json.loads(row_json)
        field_count = len(self._attnames) - 1  # the id comes apart from the JSON
        council = Council.from_db(connection.alias, self._attnames, [pk, *values[:field_count]])
        if self.with_committee:
            committee = AreaCommittee.from_db(
                connection.alias,
                ["id", "name", "slug", "district"],
                [council.area_committee_id, *values[field_count]],
            )
            # What select_related("area_committee") does with the committee it reads.
            Council.area_committee.field.set_cached_value(council, committee)
        return council


DIRECTORY_ROW = CouncilRowShape(
    (
        "id",
        "name",
        "slug",
        "kind",
        "district",
        "area_committee_id",
        "membership_status",
        "contact_email",
        "contact_phone",
        "website",
    ),
    with_committee=True,
)
PUBLIC_ROW = CouncilRowShape(("id", *PUBLIC_COUNCIL_FIELDS))


# Written out rather than built with the ORM: compiling the equivalent queryset cost more
# than running it. Candidates come from one trigram GIN index (on UPPER(name); trigrams
# ignore case, so UPPER changes no score): names containing the query (what icontains
# compares) or close to it by word similarity (the <% operator). word_similarity is never
# below similarity (the whole name is one of the extents it compares), so these are
# exactly the names that pass the final test.
# A k-nearest-neighbour scan of a GiST index, used before, read most of the index for any
# query (5 ms at 10,000 councils against 2 ms here) and stopped at a fixed number of names.
#
# The two kinds of candidate are read by two scans, the second leaving out what the first
# found: under one scan of both (an OR), PostgreSQL tested every candidate's word
# similarity twice before scoring it (once in the index recheck, once as a filter), and
# the trigram work is most of the query's time. Each candidate is scored once in its
# branch: OFFSET 0 keeps PostgreSQL from merging a branch into the outer query, which would
# compute each similarity again in WHERE and ORDER BY.
#
# The <% operator's threshold is a setting. The uncorrelated sub-select sets it for this
# statement's transaction only (so it applies to the search and to nothing else on the
# connection); PostgreSQL runs it once, as the one-time filter in front of the scan, before
# the index is read. That saves the three round trips (BEGIN, set_config, COMMIT) it took.
#
# The first READ_AHEAD_ROWS rows carry their columns (as JSON: one column, however many
# fields), so the first page needs no second query.
_SEARCH_SQL = """
SELECT id, CASE WHEN position <= %(read_ahead)s THEN {row} END
FROM (
    SELECT *, ROW_NUMBER() OVER (
        ORDER BY match_rank, word_similarity DESC, name_similarity DESC, name, district
    ) AS position
    FROM (
        (SELECT {scored}
         FROM members_council
         WHERE UPPER(name::text) LIKE UPPER(%(substring)s) AND {filters}
         OFFSET 0)
        UNION ALL
        (SELECT {scored}
         FROM members_council
         WHERE (SELECT set_config('pg_trgm.word_similarity_threshold', %(threshold_setting)s, true))
                IS NOT NULL
            AND UPPER(%(query)s) <%% UPPER(name::text)
            AND NOT UPPER(name::text) LIKE UPPER(%(substring)s)
            AND {filters}
         OFFSET 0)
    ) AS scored
    WHERE match_rank < 3 OR word_similarity >= %(threshold)s
) AS ranked
ORDER BY position
"""

_SCORED_COLUMNS = """{columns},
            CASE WHEN UPPER(name::text) = UPPER(%(query)s) THEN 0
                 WHEN UPPER(name::text) LIKE UPPER(%(prefix)s) THEN 1
                 WHEN UPPER(name::text) LIKE UPPER(%(substring)s) THEN 2
                 ELSE 3 END AS match_rank,
            WORD_SIMILARITY(%(query)s, name) AS word_similarity,
            SIMILARITY(name, %(query)s) AS name_similarity"""


def council_name_search(
    councils: QuerySet[Council], query: str, filters: CouncilFilters, row_shape: CouncilRowShape
) -> PagedRows | RankedCouncils:
    """Councils whose name contains the query or is close to it (typos), best first.

    `councils` is `filters.apply(...)` of the rows to show: the search itself runs in SQL
    with the same filters, returning the first page's rows in `row_shape`; the rows of any
    other page are then read from `councils`.

    Exact and prefix matches come before other substring matches, which come before
    matches found only by trigram similarity; within each, the closest name first:
    word similarity finds "sevenoks" in "Sevenoaks Weald", plain similarity breaks ties
    in favour of the name that is closest as a whole. Without a query, every council that
    passes the filters, by name (listed_councils)."""
    query = normalise_search_query(query)
    if not query:
        return listed_councils(filters, row_shape)
    where, params = filters.sql()
    like = connection.ops.prep_for_like_query(query)
    params |= {
        "query": query,
        "prefix": f"{like}%",
        "substring": f"%{like}%",
        "threshold": SEARCH_SIMILARITY_THRESHOLD,
        "threshold_setting": str(SEARCH_SIMILARITY_THRESHOLD),
        "read_ahead": READ_AHEAD_ROWS,
    }
    sql = _SEARCH_SQL.format(
        row=row_shape.sql(),
        scored=_SCORED_COLUMNS.format(columns=row_shape.scored_columns()),
        filters=where,
    )
    return RankedCouncils(sql, params, councils, row_shape)


def directory_councils(
    *,
    query: str = "",
    district: str = "",
    area_committee: AreaCommittee | int | None = None,
    statuses: tuple[str, ...] | None = (Council.MembershipStatus.MEMBER,),
) -> PagedRows | RankedCouncils:
    """The members' directory: councils with their area committee, filtered and searched.

    statuses=None means every status (the office's view)."""
    filters = CouncilFilters(
        statuses=statuses, district=district, area_committee_id=getattr(area_committee, "pk", area_committee)
    )
    councils = filters.apply(Council.objects.select_related("area_committee")).order_by("name", "district")
    return council_name_search(councils, query, filters, DIRECTORY_ROW)


def public_councils(*, query: str = "", district: str = "") -> PagedRows | RankedCouncils:
    """Find your council: every council in Kent, whatever its membership, with public fields only.

    Listing members only would tell the public who is not a member."""
    filters = CouncilFilters(district=district)
    councils = filters.apply(Council.objects.only(*PUBLIC_COUNCIL_FIELDS)).order_by("name", "district")
    return council_name_search(councils, query, filters, PUBLIC_ROW)


def area_committee_choices() -> tuple[tuple[int, str, str, str], ...]:
    """Every area committee as (pk, slug, name, district), by name, in one small read.

    The directory's two filter lists come from it: the committees, and the districts,
    since KALC has one area committee per district and every council is in its
    district's committee (load_councils, the seeding and the factories all keep it so).
    Reading districts off the councils instead meant a DISTINCT over the whole council
    table on every directory page. Plain SQL: the ORM's own work for hundreds of rows
    cost twice the query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, slug, name, district FROM members_areacommittee ORDER BY name")
        return tuple(cursor.fetchall())


def council_districts(committees: tuple[tuple[int, str, str, str], ...] | None = None) -> list[str]:
    """Every district, in alphabetical order (from `area_committee_choices()` if given)."""
    if committees is None:
        committees = area_committee_choices()
    return sorted({district for _pk, _slug, _name, district in committees})


def area_committees() -> QuerySet[AreaCommittee]:
    return AreaCommittee.objects.order_by("name")


def council_for_page(slug: str) -> Council | None:
    """The council behind /councils/<slug>/, with its area committee in the same query.

    Written out: the ORM's select_related query cost more to compile than to run."""
    council_fields = Council._meta.concrete_fields
    committee_fields = AreaCommittee._meta.concrete_fields
    columns = [f"council.{field.column}" for field in council_fields]
    columns += [f"committee.{field.column}" for field in committee_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM members_council AS council "  # noqa: S608 - our columns
            "JOIN members_areacommittee AS committee ON committee.id = council.area_committee_id "
            "WHERE council.slug = %s",
            [slug],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    alias = connection.alias
    council = Council.from_db(alias, [field.attname for field in council_fields], row[: len(council_fields)])
    committee = AreaCommittee.from_db(
        alias, [field.attname for field in committee_fields], row[len(council_fields) :]
    )
    Council.area_committee.field.set_cached_value(council, committee)
    return council


def council_overview_positions(council: Council) -> list[Position]:
    """Everyone holding a current position with the council, officers first, then by name."""
    # Ordered by name in SQL and by role here (a stable sort keeps the names' order within a
    # role): a council has a few dozen positions at most, and the equivalent CASE in ORDER BY
    # cost more to compile than the whole query took to run.
    positions = _positions_with_people(
        "position.council_id = %s AND position.ended_on IS NULL",
        [council.pk],
        order_by="person.full_name, person.email, position.id",
    )
    return sorted(positions, key=lambda position: _ROLE_RANK.get(position.role, len(_ROLE_ORDER)))


# What the council page shows of each person; the rest of the user's fields stay unread
# (deferred), as they would with .only().
_PERSON_FIELDS = ("email", "full_name", "last_login")


def _positions_with_people(
    where: str, params: list, *, order_by: str, limit: int | None = None
) -> list[Position]:
    """Positions matching `where`, each with its person, in one query written out.

    The council page's two lists of positions (current, and recently ended) cost twice as
    much through the ORM as here: compiling a select_related query took longer than
    PostgreSQL took to run it."""
    position_fields = [field.attname for field in Position._meta.concrete_fields]
    person_fields = [field for field in User._meta.concrete_fields if field.attname in _PERSON_FIELDS]
    columns = [f"position.{name}" for name in position_fields]
    columns += [f"person.{field.column}" for field in person_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM members_position AS position "  # noqa: S608 - our columns
        f"JOIN members_user AS person ON person.id = position.user_id WHERE {where} ORDER BY {order_by}"
    )
    if limit is not None:
        sql += " LIMIT %s"
        params = [*params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    alias = connection.alias
    person_attnames = ["id", *(field.attname for field in person_fields)]
    user_index = position_fields.index("user_id")
    cache_person = Position.user.field.set_cached_value
    positions = []
    for row in rows:
        position = Position.from_db(alias, position_fields, row[: len(position_fields)])
        person = User.from_db(alias, person_attnames, [row[user_index], *row[len(position_fields) :]])
        cache_person(position, person)
        positions.append(position)
    return positions


def area_committees_with_counts() -> PagedRows:
    """Area committees by name, each with how many member councils it has
    (member_council_count), a page at a time: one query a page, however many committees."""
    fields = [field.attname for field in AreaCommittee._meta.concrete_fields]
    sql = _COMMITTEE_LISTING_SQL.format(
        columns=", ".join(field.column for field in AreaCommittee._meta.concrete_fields)
    )

    def read(start: int, stop: int) -> tuple[list[AreaCommittee], int]:
        with connection.cursor() as cursor:
            cursor.execute(
                sql, {"member": Council.MembershipStatus.MEMBER, "offset": start, "limit": stop - start}
            )
            found = cursor.fetchall()
        committees = []
        for *values, member_council_count, _listed in found:
            committee = AreaCommittee.from_db(connection.alias, fields, values)
            committee.member_council_count = member_council_count
            committees.append(committee)
        return committees, found[0][-1] if found else 0

    return PagedRows(read)


# A correlated count runs only for the committees on the page, where a join-and-group would
# count every council in the country first; it is outside the LIMIT because PostgreSQL
# computes the output of every row it skips for OFFSET as well. COUNT(*), not COUNT(id):
# with nothing to read but the (area_committee_id, membership_status) index (migration
# 0008), each count is an index-only scan instead of a visit to every council's row.
# Written out: the ORM's correlated sub-query cost more to compile than to run.
_COMMITTEE_LISTING_SQL = """
SELECT {columns},
    (SELECT COUNT(*) FROM members_council
     WHERE area_committee_id = page.id AND membership_status = %(member)s),
    listed
FROM (
    SELECT *, (SELECT COUNT(*) FROM members_areacommittee) AS listed
    FROM members_areacommittee
    ORDER BY name
    LIMIT %(limit)s OFFSET %(offset)s
) AS page
ORDER BY name
"""


def area_committee_for_page(slug: str) -> QuerySet[AreaCommittee]:
    """The committee behind /area-committees/<slug>/, with its current chairs listed on the key contacts."""
    return AreaCommittee.objects.filter(slug=slug).prefetch_related(
        Prefetch(
            "key_contacts",
            queryset=KeyContact.objects.filter(kind=KeyContact.Kind.AREA_CHAIR, is_active=True),
            to_attr="active_chairs",
        )
    )


def area_committee_councils(committee: AreaCommittee) -> QuerySet[Council]:
    """The committee's member councils, by name."""
    return Council.objects.filter(
        area_committee=committee, membership_status=Council.MembershipStatus.MEMBER
    ).order_by("name", "district")


def council_recent_departures(council: Council, *, since, limit: int = 20) -> list[Position]:
    """Positions with the council that ended on or after `since`, most recent first."""
    return _positions_with_people(
        "position.council_id = %s AND position.ended_on >= %s",
        [council.pk, since],
        order_by="position.ended_on DESC, person.full_name, position.id",
        limit=limit,
    )
