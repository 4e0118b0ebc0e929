"""Directory reads against real PostgreSQL trigram search and the real Kent councils."""

import pytest
from django.db import connection

from members import services
from members.models import Council, Position
from members.selectors import directory as selectors
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, PositionFactory, UserFactory
from members.tests.factories_directory import load_kent_councils

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent():
    load_kent_councils()


def names(councils):
    return [council.name for council in councils]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("Sandwitch", "Sandwich"),
        ("sandwich", "Sandwich"),
        ("Sandwich Town Council", "Sandwich"),
        ("sevenoks", "Sevenoaks"),
        ("Sevenoaks", "Sevenoaks"),
        ("faversam", "Faversham"),
        ("Westrham", "Westerham"),
        ("st margarets", "St. Margaret's at Cliffe"),
        ("boughton monchelsea", "Boughton Monchelsea"),
    ],
)
def test_typo_tolerant_search_puts_the_intended_council_first(kent, query, expected_first):
    results = names(selectors.directory_councils(query=query))
    assert results[0] == expected_first


def test_sevenoks_finds_both_sevenoaks_councils_with_the_town_first(kent):
    results = names(selectors.directory_councils(query="sevenoks"))
    assert results[:2] == ["Sevenoaks", "Sevenoaks Weald"]


def test_near_misses_rank_below_the_intended_council_and_unrelated_names_are_left_out(kent):
    results = names(selectors.directory_councils(query="Sandwitch"))
    assert results[0] == "Sandwich"
    assert "Sandgate" in results  # a plausible near miss, shown lower down
    assert "Ash" not in results and "Faversham" not in results


def test_substring_matches_come_before_trigram_only_matches(kent):
    results = names(selectors.directory_councils(query="Ash"))
    # Exact, then starts-with, then contains (Molash), before any typo-style match.
    assert results[:3] == ["Ash", "Ash-cum-Ridley", "Molash"]
    contains = [name for name in results if "ash" in name.lower()]
    assert results[: len(contains)] == contains


def test_nonsense_finds_nothing(kent):
    assert names(selectors.directory_councils(query="zzqqxx")) == []


def test_search_is_case_and_whitespace_insensitive(kent):
    assert names(selectors.directory_councils(query="  hYtHe  "))[0] == "Hythe"


def test_district_and_area_committee_filters_combine_with_search(kent):
    dover = names(selectors.directory_councils(district="Dover"))
    assert len(dover) == 35 and "Sandwich" in dover and "Sevenoaks" not in dover
    sevenoaks_committee = Council.objects.get(name="Sevenoaks").area_committee
    by_committee = names(selectors.directory_councils(area_committee=sevenoaks_committee))
    assert len(by_committee) == 31 and "Sandwich" not in by_committee
    # A search within another district does not reach Sandwich.
    assert "Sandwich" not in names(selectors.directory_councils(query="Sandwitch", district="Swale"))
    assert names(selectors.directory_councils(query="Sandwitch", district="Dover"))[0] == "Sandwich"


def test_directory_lists_member_councils_unless_asked_for_every_status(kent):
    lapsed = Council.objects.get(name="Sandwich")
    lapsed.membership_status = Council.MembershipStatus.LAPSED
    lapsed.save()
    assert "Sandwich" not in names(selectors.directory_councils(query="Sandwich"))
    assert names(selectors.directory_councils(query="Sandwich", statuses=None))[0] == "Sandwich"
    assert names(selectors.directory_councils(statuses=(Council.MembershipStatus.LAPSED,))) == ["Sandwich"]
    assert selectors.directory_councils().count() == 325


def test_public_search_covers_every_council_but_loads_only_public_fields(kent):
    lapsed = Council.objects.get(name="Sandwich")
    lapsed.membership_status = Council.MembershipStatus.NON_MEMBER
    lapsed.electorate = 4000
    lapsed.save()
    council = selectors.public_councils(query="Sandwitch")[0]
    assert council.name == "Sandwich"
    assert council.get_deferred_fields() >= {
        "membership_status",
        "membership_year",
        "electorate",
        "address",
        "area_committee_id",
    }


def test_normalise_search_query_drops_council_titles_but_keeps_names():
    assert selectors.normalise_search_query("  Sandwich   Town Council ") == "Sandwich"
    assert selectors.normalise_search_query("Ash parish council") == "Ash"
    assert selectors.normalise_search_query("Council") == "Council"
    assert selectors.normalise_search_query("St Mary's") == "St Mary's"


def test_districts_are_listed_once_each_in_order(kent):
    districts = selectors.council_districts()
    assert len(districts) == 13
    assert districts == sorted(districts)
    assert "Dover" in districts and "Medway" in districts


def test_area_committee_counts_count_member_councils_only():
    dover = AreaCommitteeFactory(district="Dover")
    AreaCommitteeFactory(district="Swale")  # a committee with no councils still appears, with 0
    CouncilFactory.create_batch(3, area_committee=dover)
    CouncilFactory(area_committee=dover, membership_status=Council.MembershipStatus.LAPSED)
    counts = {c.district: c.member_council_count for c in selectors.area_committees_with_counts()}
    assert counts == {"Dover": 3, "Swale": 0}
    assert selectors.area_committee_councils(dover).count() == 3


def test_overview_positions_are_current_only_officers_first():
    council = CouncilFactory()
    councillor = PositionFactory(council=council, role=Position.Role.COUNCILLOR)
    chair = PositionFactory(council=council, role=Position.Role.CHAIR)
    clerk = PositionFactory(council=council, role=Position.Role.CLERK)
    left = PositionFactory(council=council, role=Position.Role.VICE_CHAIR)
    services.position_end(position=left)
    PositionFactory(council=CouncilFactory(), user=UserFactory())  # another council's
    assert list(selectors.council_overview_positions(council)) == [clerk, chair, councillor]


def test_the_connection_holds_the_search_threshold():
    # The trigram index answers <% with the connection's threshold: the directory's, not
    # pg_trgm's default (0.6), so the near miss only the lower threshold finds comes too.
    CouncilFactory(name="Sandwich")
    CouncilFactory(name="Sandgate")
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == selectors.SEARCH_SIMILARITY_THRESHOLD
    assert names(selectors.directory_councils(query="Sandwitch")) == ["Sandwich", "Sandgate"]


def test_later_pages_of_a_search_and_of_a_listing_follow_the_first():
    committee = AreaCommitteeFactory(district="Dover")
    for number in range(120):
        CouncilFactory(name=f"Bulk {number:03d}", area_committee=committee)
    for councils in (selectors.directory_councils(query="bulk"), selectors.directory_councils()):
        every = [council.name for council in councils]
        assert len(every) == 120 and len(councils) == 120
        assert [council.name for council in councils[0:50]] == every[:50]
        assert [council.name for council in councils[50:100]] == every[50:100]
        assert [council.name for council in councils[100:150]] == every[100:]
        assert councils[119].name == every[-1]
        assert all(council.area_committee.slug == committee.slug for council in councils[40:60])
    assert every == sorted(every)
