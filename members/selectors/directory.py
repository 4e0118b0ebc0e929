"""Reads for the council directory, Find your council, council pages and area committees.

Every function returns a queryset whose cost does not grow with the number of
rows shown: related rows come through select_related / prefetch_related and
counts through annotate, so the list pages keep their query budgets."""

import re

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordDistance, TrigramWordSimilarity
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from members.models import AreaCommittee, Council, KeyContact, Position

# pg_trgm's own default for similarity(); low enough that "sevenoks" (0.67) and
# "Sandwitch" (0.6) find their councils, and best-first ordering pushes the
# near misses ("Sandgate", 0.4) below them.
SEARCH_SIMILARITY_THRESHOLD = 0.3
# How many of the nearest names (by trigram word distance) are scored for a typo search:
# far more than anyone reads, few enough that the search never scans the whole table.
FUZZY_CANDIDATES = 200

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


def council_name_search(councils: QuerySet[Council], query: str) -> QuerySet[Council]:
    """Councils whose name contains the query or is close to it (typos), best first.

    Exact and prefix matches come before other substring matches, which come before
    matches found only by trigram similarity; within each, the closest name first."""
    query = normalise_search_query(query)
    if not query:
        return councils
    # Candidates come from two index scans: names containing the query (GIN on UPPER(name),
    # which is what icontains compares) and the names nearest to it by word distance
    # (a GiST k-nearest-neighbour scan). Only those are scored, so the cost stays flat
    # however many councils there are, where scoring every name would read the whole table.
    containing = councils.filter(name__icontains=query).order_by().values("pk")
    nearest = councils.order_by(TrigramWordDistance(query, "name")).values("pk")[:FUZZY_CANDIDATES]
    return (
        councils.filter(pk__in=containing.union(nearest))
        .annotate(
            # Word similarity finds "sevenoks" in "Sevenoaks Weald"; plain similarity
            # breaks ties in favour of the name that is closest as a whole.
            word_similarity=TrigramWordSimilarity(query, "name"),
            name_similarity=TrigramSimilarity("name", query),
            match_rank=Case(
                When(name__iexact=query, then=Value(0)),
                When(name__istartswith=query, then=Value(1)),
                When(name__icontains=query, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        .annotate(similarity=Greatest("word_similarity", "name_similarity"))
        .filter(Q(name__icontains=query) | Q(similarity__gte=SEARCH_SIMILARITY_THRESHOLD))
        .order_by("match_rank", "-similarity", "-name_similarity", "name", "district")
    )


def directory_councils(
    *,
    query: str = "",
    district: str = "",
    area_committee: AreaCommittee | None = None,
    statuses: tuple[str, ...] | None = (Council.MembershipStatus.MEMBER,),
) -> QuerySet[Council]:
    """The members' directory: councils with their area committee, filtered and searched.

    statuses=None means every status (the office's view)."""
    councils = Council.objects.select_related("area_committee")
    if statuses is not None:
        councils = councils.filter(membership_status__in=statuses)
    if district:
        councils = councils.filter(district=district)
    if area_committee is not None:
        councils = councils.filter(area_committee=area_committee)
    return council_name_search(councils.order_by("name", "district"), query)


def public_councils(*, query: str = "", district: str = "") -> QuerySet[Council]:
    """Find your council: every council in Kent, whatever its membership, with public fields only.

    Listing members only would tell the public who is not a member."""
    councils = Council.objects.only(*PUBLIC_COUNCIL_FIELDS)
    if district:
        councils = councils.filter(district=district)
    return council_name_search(councils.order_by("name", "district"), query)


def council_districts() -> list[str]:
    """Every district that has a council, in alphabetical order."""
    return list(Council.objects.order_by("district").values_list("district", flat=True).distinct())


def area_committees() -> QuerySet[AreaCommittee]:
    return AreaCommittee.objects.order_by("name")


def council_for_page(slug: str) -> QuerySet[Council]:
    """The council behind /councils/<slug>/, with its area committee in the same query."""
    return Council.objects.select_related("area_committee").filter(slug=slug)


def council_overview_positions(council: Council) -> QuerySet[Position]:
    """Everyone holding a current position with the council, officers first."""
    role_rank = Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(_ROLE_ORDER)),
        default=Value(len(_ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Position.objects.current()
        .filter(council=council)
        .select_related("user")
        .annotate(role_rank=role_rank)
        .order_by("role_rank", "user__full_name", "user__email", "pk")
    )


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
