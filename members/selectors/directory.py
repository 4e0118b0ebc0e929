"""Reads for the council directory, Find your council, council pages and area committees.

Each list is a queryset that Paginator counts and slices: a page costs its count and its
rows, however many councils there are. Related rows come in the same query
(select_related, a Subquery) or one more (prefetch_related). The name search is answered
by the trigram GIN index on UPPER(name), which holds both the substring matches and the
close (typo) ones."""

import re

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Upper

from members.models import AreaCommittee, Council, KeyContact, Position

# How close a name must be to the query (pg_trgm word similarity, 0 to 1) to be found by
# the typo search: low enough that "sevenoks" (0.67) and "Sandwitch" (0.6) find their
# councils, and best-first ordering pushes the near misses ("Sandgate", 0.4) below them.
# The <% operator, which the trigram index answers, reads it from the connection's
# pg_trgm.word_similarity_threshold, which the settings set to this number
# (kalc_portal/settings/base.py, DATABASES OPTIONS).
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


def normalise_search_query(query: str) -> str:
    """Whitespace collapsed and a trailing "Town Council" (or similar) dropped."""
    query = " ".join((query or "").split())
    stripped = _COUNCIL_TITLE_SUFFIX.sub("", query).strip()
    return stripped or query


def _filtered(
    councils: QuerySet[Council],
    *,
    statuses: tuple[str, ...] | None = None,
    district: str = "",
    area_committee_id: int | None = None,
) -> QuerySet[Council]:
    if statuses is not None:
        councils = councils.filter(membership_status__in=statuses)
    if district:
        councils = councils.filter(district=district)
    if area_committee_id is not None:
        councils = councils.filter(area_committee_id=area_committee_id)
    return councils


def council_name_search(councils: QuerySet[Council], query: str) -> QuerySet[Council]:
    """Councils whose name contains the query or is close to it (typos), best first; without
    a query, all of `councils` by name.

    Exact and prefix matches come before other substring matches, which come before
    matches found only by trigram similarity; within each, the closest name first:
    word similarity finds "sevenoks" in "Sevenoaks Weald", plain similarity breaks ties
    in favour of the name that is closest as a whole."""
    query = normalise_search_query(query)
    if not query:
        return councils.order_by("name", "district")
    upper_query = query.upper()
    return (
        councils.alias(upper_name=Upper("name"))
        # Both conditions are answered by the GIN index on UPPER(name) (a bitmap OR).
        .filter(Q(upper_name__contains=upper_query) | Q(upper_name__trigram_word_similar=upper_query))
        .annotate(
            match_rank=Case(
                When(upper_name=upper_query, then=Value(0)),
                When(upper_name__startswith=upper_query, then=Value(1)),
                When(upper_name__contains=upper_query, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            word_similarity=TrigramWordSimilarity(query, "name"),
            name_similarity=TrigramSimilarity("name", query),
        )
        .order_by("match_rank", "-word_similarity", "-name_similarity", "name", "district")
    )


def directory_councils(
    *,
    query: str = "",
    district: str = "",
    area_committee: AreaCommittee | int | None = None,
    statuses: tuple[str, ...] | None = (Council.MembershipStatus.MEMBER,),
) -> QuerySet[Council]:
    """The members' directory: councils with their area committee, filtered and searched.

    statuses=None means every status (the office's view)."""
    councils = _filtered(
        Council.objects.select_related("area_committee"),
        statuses=statuses,
        district=district,
        area_committee_id=getattr(area_committee, "pk", area_committee),
    )
    return council_name_search(councils, query)


def public_councils(*, query: str = "", district: str = "") -> QuerySet[Council]:
    """Find your council: every council in Kent, whatever its membership, with public fields only.

    Listing members only would tell the public who is not a member."""
    councils = _filtered(Council.objects.only(*PUBLIC_COUNCIL_FIELDS), district=district)
    return council_name_search(councils, query)


def area_committee_choices() -> list[tuple[int, str, str, str]]:
    """Every area committee as (pk, slug, name, district), by name, in one small read.

    The directory's two filter lists come from it: the committees, and the districts,
    since KALC has one area committee per district and every council is in its
    district's committee (load_councils, the seeding and the factories all keep it so).
    Reading districts off the councils instead meant a DISTINCT over the whole council
    table on every directory page."""
    return list(AreaCommittee.objects.order_by("name").values_list("pk", "slug", "name", "district"))


def council_districts(committees: list[tuple[int, str, str, str]] | None = None) -> list[str]:
    """Every district, in alphabetical order (from `area_committee_choices()` if given)."""
    if committees is None:
        committees = area_committee_choices()
    return sorted({district for _pk, _slug, _name, district in committees})


def area_committees() -> QuerySet[AreaCommittee]:
    return AreaCommittee.objects.order_by("name")


def council_for_page(slug: str) -> Council | None:
    """The council behind /councils/<slug>/, with its area committee in the same query."""
    return Council.objects.select_related("area_committee").filter(slug=slug).first()


def _positions_with_people(positions: QuerySet[Position]) -> QuerySet[Position]:
    # What the council page shows of each person; the rest of the user's fields stay unread.
    return positions.select_related("user").defer(
        *(
            f"user__{field.name}"
            for field in Position.user.field.related_model._meta.concrete_fields
            if field.name not in ("id", "email", "full_name", "last_login")
        )
    )


def council_overview_positions(council: Council) -> list[Position]:
    """Everyone holding a current position with the council, officers first, then by name."""
    role_rank = Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(_ROLE_ORDER)),
        default=Value(len(_ROLE_ORDER)),
        output_field=IntegerField(),
    )
    positions = Position.objects.current().filter(council=council)
    return list(_positions_with_people(positions).order_by(role_rank, "user__full_name", "user__email", "pk"))


def area_committees_with_counts() -> list[AreaCommittee]:
    """Every area committee by name, each with how many member councils it has
    (member_council_count), in one query: there is one committee per district (hundreds
    at national scale), and the page lists them all a page at a time."""
    # A correlated count for each committee: a join-and-group would read every council in
    # the country first. With nothing to read but the (area_committee_id, membership_status)
    # index (migration 0008), each count is an index-only scan.
    member_councils = (
        Council.objects.filter(
            area_committee=OuterRef("pk"), membership_status=Council.MembershipStatus.MEMBER
        )
        .order_by()
        .values("area_committee")
        .annotate(count=Count("*"))
        .values("count")
    )
    return list(
        AreaCommittee.objects.order_by("name").annotate(
            member_council_count=Coalesce(Subquery(member_councils), 0)
        )
    )


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
    positions = Position.objects.filter(council=council, ended_on__gte=since)
    return list(_positions_with_people(positions).order_by("-ended_on", "user__full_name", "pk")[:limit])
