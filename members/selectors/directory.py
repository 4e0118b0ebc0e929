"""Reads for the council directory, Find your council, council pages and area committees.

Every function returns a queryset (or, for a name search, RankedCouncils) whose cost
does not grow with the number of rows shown: related rows come through select_related /
prefetch_related and counts through annotate, so the list pages keep their query budgets."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from members.models import AreaCommittee, Council, KeyContact, Position

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
    """A name search's results: the ranked ids of every match, read in one query, and
    council rows loaded only for the slice asked for (a page of 50).

    Paginator counts the ids instead of running the search a second time for COUNT(*)."""

    def __init__(self, ranked_ids_sql: str, params: dict, rows: QuerySet[Council]):
        self._sql = ranked_ids_sql
        self._params = params
        self._rows = rows
        self._ids: list[int] | None = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            # The <% operator's threshold is a setting; set for this transaction only, so it
            # applies to the search and to nothing else on the connection.
            with transaction.atomic(savepoint=False), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(SEARCH_SIMILARITY_THRESHOLD)],
                )
                cursor.execute(self._sql, self._params)
                self._ids = [pk for (pk,) in cursor.fetchall()]
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            by_pk = self._rows.in_bulk(ids) if ids else {}
            return [by_pk[pk] for pk in ids if pk in by_pk]
        if not -len(self) <= index < len(self):
            raise IndexError("search result index out of range")
        return self[index : index + 1 or None][0]

    def __iter__(self):
        return iter(self[:])


# Written out rather than built with the ORM: compiling the equivalent queryset cost more
# than running it. Candidates come from one trigram GIN index (on UPPER(name); trigrams
# ignore case, so UPPER changes no score): names containing the query (what icontains
# compares) or close to it by word similarity (the <% operator, at the threshold set in
# the same round trip). word_similarity is never below similarity (the whole name is one
# of the extents it compares), so these are exactly the names that pass the final test.
# A k-nearest-neighbour scan of a GiST index, used before, read most of the index for any
# query (5 ms at 10,000 councils against 2 ms here) and stopped at a fixed number of names.
# Each candidate is scored once in the inner query: OFFSET 0 keeps PostgreSQL from merging
# it into the outer one, which would compute each similarity again in WHERE and ORDER BY.
_SEARCH_SQL = """
SELECT id FROM (
    SELECT id, name, district,
        CASE WHEN UPPER(name::text) = UPPER(%(query)s) THEN 0
             WHEN UPPER(name::text) LIKE UPPER(%(prefix)s) THEN 1
             WHEN UPPER(name::text) LIKE UPPER(%(substring)s) THEN 2
             ELSE 3 END AS match_rank,
        WORD_SIMILARITY(%(query)s, name) AS word_similarity,
        SIMILARITY(name, %(query)s) AS name_similarity
    FROM members_council
    WHERE (UPPER(name::text) LIKE UPPER(%(substring)s) OR UPPER(%(query)s) <%% UPPER(name::text))
        AND {filters}
    OFFSET 0
) AS scored
WHERE match_rank < 3 OR word_similarity >= %(threshold)s
ORDER BY match_rank, word_similarity DESC, name_similarity DESC, name, district
"""


def council_name_search(
    councils: QuerySet[Council], query: str, filters: CouncilFilters
) -> QuerySet[Council] | RankedCouncils:
    """Councils whose name contains the query or is close to it (typos), best first.

    `councils` is `filters.apply(...)` of the rows to show: the search itself runs in SQL
    with the same filters, and the rows of a page are then read from `councils`.

    Exact and prefix matches come before other substring matches, which come before
    matches found only by trigram similarity; within each, the closest name first:
    word similarity finds "sevenoks" in "Sevenoaks Weald", plain similarity breaks ties
    in favour of the name that is closest as a whole. Without a query, `councils` itself."""
    query = normalise_search_query(query)
    if not query:
        return councils
    where, params = filters.sql()
    like = connection.ops.prep_for_like_query(query)
    params |= {
        "query": query,
        "prefix": f"{like}%",
        "substring": f"%{like}%",
        "threshold": SEARCH_SIMILARITY_THRESHOLD,
    }
    return RankedCouncils(_SEARCH_SQL.format(filters=where), params, councils)


def directory_councils(
    *,
    query: str = "",
    district: str = "",
    area_committee: AreaCommittee | int | None = None,
    statuses: tuple[str, ...] | None = (Council.MembershipStatus.MEMBER,),
) -> QuerySet[Council] | RankedCouncils:
    """The members' directory: councils with their area committee, filtered and searched.

    statuses=None means every status (the office's view)."""
    filters = CouncilFilters(
        statuses=statuses, district=district, area_committee_id=getattr(area_committee, "pk", area_committee)
    )
    councils = filters.apply(Council.objects.select_related("area_committee")).order_by("name", "district")
    return council_name_search(councils, query, filters)


def public_councils(*, query: str = "", district: str = "") -> QuerySet[Council] | RankedCouncils:
    """Find your council: every council in Kent, whatever its membership, with public fields only.

    Listing members only would tell the public who is not a member."""
    filters = CouncilFilters(district=district)
    councils = filters.apply(Council.objects.only(*PUBLIC_COUNCIL_FIELDS)).order_by("name", "district")
    return council_name_search(councils, query, filters)


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


def council_for_page(slug: str) -> QuerySet[Council]:
    """The council behind /councils/<slug>/, with its area committee in the same query."""
    return Council.objects.select_related("area_committee").filter(slug=slug)


def council_overview_positions(council: Council) -> list[Position]:
    """Everyone holding a current position with the council, officers first, then by name."""
    # Ordered by name in SQL and by role here (a stable sort keeps the names' order within a
    # role): a council has a few dozen positions at most, and the equivalent CASE in ORDER BY
    # cost more to compile than the whole query took to run.
    positions = (
        Position.objects.current()
        .filter(council=council)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    return sorted(positions, key=lambda position: _ROLE_RANK.get(position.role, len(_ROLE_ORDER)))


def area_committees_with_counts() -> QuerySet[AreaCommittee]:
    """Area committees with how many member councils each has (one query, however many)."""
    # A correlated count runs only for the committees on the page (through the foreign-key
    # index), where a join-and-group would count every council in the country first.
    member_councils = (
        Council.objects.filter(
            area_committee=OuterRef("pk"), membership_status=Council.MembershipStatus.MEMBER
        )
        .order_by()
        .values("area_committee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return AreaCommittee.objects.annotate(
        member_council_count=Coalesce(Subquery(member_councils, output_field=IntegerField()), 0)
    ).order_by("name")


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


def council_recent_departures(council: Council, *, since, limit: int = 20) -> QuerySet[Position]:
    """Positions with the council that ended on or after `since`, most recent first."""
    return (
        Position.objects.filter(council=council, ended_on__gte=since)
        .select_related("user")
        .order_by("-ended_on", "user__full_name", "pk")[:limit]
    )
