"""The directory, Find your council and area committee pages: content, bad input, empty states."""

import pytest

from members.models import Council
from members.tests.factories import (
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    bulk_councils,
    sign_in,
)
from members.tests.factories_directory import load_kent_councils

pytestmark = pytest.mark.django_db


def main_content(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def member(client):
    user = PositionFactory().user
    sign_in(client, user)
    return user


@pytest.fixture
def kent():
    load_kent_councils()


# --- The members' directory ------------------------------------------------------


def test_directory_lists_member_councils_with_their_details(client, member):
    council = CouncilFactory(
        name="Sandwich", slug="sandwich", kind="town", area_committee=AreaCommitteeFactory(district="Dover")
    )
    CouncilFactory(name="Lapsedham", membership_status=Council.MembershipStatus.LAPSED)
    html = main_content(client.get("/councils/"))
    assert '<a href="/councils/sandwich/">Sandwich Town Council</a>' in html
    assert "Town council" in html and "Dover" in html
    assert '<a href="/area-committees/dover/">Dover Area Committee</a>' in html
    assert f'<a href="mailto:{council.contact_email}">' in html
    assert "Lapsedham" not in html
    assert html.count("<h1") == 1


def test_typo_search_finds_sandwich_first(client, member, kent):
    response = client.get("/councils/", {"q": "Sandwitch"})
    page = response.context["pagination"].page
    assert page.object_list[0].name == "Sandwich"
    assert "best matches first" in main_content(response)


def test_filters_by_district_and_area_committee(client, member, kent):
    page = client.get("/councils/", {"district": "Thanet"}).context["pagination"].page
    assert page.paginator.count == 11
    assert {council.district for council in page.object_list} == {"Thanet"}
    page = client.get("/councils/", {"area_committee": "medway"}).context["pagination"].page
    assert page.paginator.count == 11
    assert {council.district for council in page.object_list} == {"Medway"}


def test_an_empty_result_says_what_to_do(client, member, kent):
    html = main_content(client.get("/councils/", {"q": "Zzyzx"}))
    assert "No councils match your search." in html
    assert "Check the spelling" in html
    assert 'href="/councils/">Show all member councils' in html


def test_directory_is_paginated_fifty_a_page_and_links_keep_the_search(client, member, kent):
    response = client.get("/councils/", {"district": "Ashford"})
    pagination = response.context["pagination"]
    assert len(pagination.page.object_list) == 44
    response = client.get("/councils/")
    pagination = response.context["pagination"]
    assert len(pagination.page.object_list) == 50
    assert pagination.page.paginator.num_pages == 7
    html = main_content(client.get("/councils/", {"q": "a", "page": "2"}))
    assert 'aria-label="Pages of councils"' in html
    assert 'href="?q=a&amp;page=3"' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in html


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("9999", 7), ("0", 7), ("-1", 7), ("1.5", 1)],
)
def test_a_page_that_does_not_exist_shows_a_real_page_and_says_so(client, member, kent, page, shown):
    response = client.get("/councils/", {"page": page})
    assert response.status_code == 200
    assert response.context["pagination"].page.number == shown
    assert f"That page does not exist, so this is page {shown} of 7." in main_content(response)


@pytest.mark.parametrize("page", ["2", " 2 ", ""])
def test_an_existing_or_empty_page_has_no_notice(client, member, kent, page):
    response = client.get("/councils/", {"page": page})
    assert response.context["pagination"].notice == ""


def test_an_overly_long_search_is_refused_with_a_message_next_to_the_field(client, member, kent):
    response = client.get("/councils/", {"q": "Sandwich" * 40})
    assert response.status_code == 200
    html = main_content(response)
    assert "There is a problem" in html
    assert 'href="#id_q">Council name: Enter a council name of 100 characters or fewer.' in html
    assert 'id="id_q_error"' in html  # crispy's message beside the field
    assert "Correct the problem above to see councils." in html
    assert response.context["pagination"] is None
    assert 'value="' + "Sandwich" * 40 + '"' in html  # what they typed is not lost


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"district": "Atlantis"}, "district", "Choose a district from the list."),
        ({"area_committee": "atlantis"}, "area_committee", "Choose an area committee from the list."),
    ],
)
def test_unknown_filter_values_get_a_clear_message(client, member, kent, params, field, message):
    response = client.get("/councils/", params)
    assert response.status_code == 200
    html = main_content(response)
    assert f'href="#id_{field}">' in html and message in html
    assert f'id="id_{field}_error"' in html
    assert response.context["pagination"] is None


def test_forged_or_odd_input_never_errors(client, member, kent):
    for params in [
        {"q": "' OR 1=1 --"},
        {"q": "%"},
        {"q": "_"},
        {"q": "\\"},
        {"q": "<script>alert(1)</script>"},
        {"area_committee": "1"},
        {"status": "all"},  # ignored for members: the field is the office's
        {"q": ["Ash", "Worth"], "page": ["2", "x"]},
    ]:
        response = client.get("/councils/", params)
        assert response.status_code == 200, params
        assert "<script>alert(1)</script>" not in response.content.decode()
    percent = client.get("/councils/", {"q": "%"}).context["pagination"].page.paginator.count
    assert percent == 0  # a literal percent sign, not a LIKE wildcard


def test_a_null_byte_in_the_search_is_refused_not_a_500(client, member, kent):
    response = client.get("/councils/", {"q": "Ash\x00"})
    assert response.status_code == 200
    assert "There is a problem" in main_content(response)


def test_staff_can_list_lapsed_and_non_member_councils(client, people, login_as, council_b):
    council_b.membership_status = Council.MembershipStatus.NON_MEMBER
    council_b.save()
    login_as("staff")
    assert "Worth Parish Council" not in main_content(client.get("/councils/"))
    html = main_content(client.get("/councils/", {"status": "non_member"}))
    assert "Worth Parish Council" in html and "Ash Parish Council" not in html
    assert '<th scope="col">Membership</th>' in html
    response = client.get("/councils/", {"status": "everything"})
    assert "Choose a membership option from the list." in main_content(response)


# --- Find your council ------------------------------------------------------------


def test_find_your_council_asks_for_a_name_or_district_first(client):
    response = client.get("/find-your-council/")
    assert response.status_code == 200
    assert response.context["pagination"] is None
    assert "Enter a name or choose a district to see councils." in main_content(response)


def test_find_your_council_finds_any_council_by_typo_or_district(client, kent):
    Council.objects.filter(name="Sevenoaks").update(
        membership_status=Council.MembershipStatus.NON_MEMBER, contact_phone="01732 459953"
    )
    response = client.get("/find-your-council/", {"q": "sevenoks"})
    assert response.context["pagination"].page.object_list[0].name == "Sevenoaks"
    html = main_content(response)
    assert "Sevenoaks Town Council" in html and "01732 459953" in html
    assert "/councils/sevenoaks/" not in html  # the council page is for members
    page = client.get("/find-your-council/", {"district": "Gravesham"}).context["pagination"].page
    assert page.paginator.count == 6


def test_find_your_council_bad_input(client, kent):
    for params, message in [
        ({"q": "x" * 101}, "Enter a council name of 100 characters or fewer."),
        ({"district": "Atlantis"}, "Choose a district from the list."),
    ]:
        response = client.get("/find-your-council/", params)
        assert response.status_code == 200
        html = main_content(response)
        assert "There is a problem" in html and message in html
        assert "Correct the problem above to see councils." in html
    response = client.get("/find-your-council/", {"q": "Zzyzx"})
    assert "No councils match your search." in main_content(response)
    response = client.get("/find-your-council/", {"q": "a", "page": "9999"})
    assert response.status_code == 200
    assert "That page does not exist" in main_content(response)


# --- Area committees ----------------------------------------------------------------


def test_area_committee_list_shows_member_council_counts(client, member, kent):
    Council.objects.filter(name="Sandwich").update(membership_status=Council.MembershipStatus.LAPSED)
    response = client.get("/area-committees/")
    committees = response.context["pagination"].page
    counts = {committee.district: committee.member_council_count for committee in committees}
    assert counts["Dover"] == 34 and counts["Medway"] == 11
    html = main_content(response)
    assert '<a href="/area-committees/dover/">Dover Area Committee</a>' in html


def test_area_committee_page_lists_its_member_councils(client, member, kent):
    Council.objects.filter(name="Sandwich").update(membership_status=Council.MembershipStatus.LAPSED)
    response = client.get("/area-committees/dover/")
    html = main_content(response)
    assert "<h1>Dover Area Committee</h1>" in html
    assert "34 member councils in Dover." in html
    assert '<a href="/councils/ash/">Ash Parish Council</a>' in html
    assert "Sandwich" not in html
    assert "Sevenoaks" not in html
    assert 'href="/councils/?area_committee=dover"' in html


def test_area_committee_page_paginates_large_committees(client, member):
    committee = AreaCommitteeFactory(district="Bigshire")
    bulk_councils(120, committee=committee)
    response = client.get("/area-committees/bigshire/", {"page": "3"})
    assert len(response.context["pagination"].page.object_list) == 20
    assert "120 member councils in Bigshire." in main_content(response)
    response = client.get("/area-committees/bigshire/", {"page": "x"})
    assert response.status_code == 200 and "That page does not exist" in main_content(response)


def test_area_committee_with_no_members_says_so(client, member):
    AreaCommitteeFactory(district="Emptyshire")
    html = main_content(client.get("/area-committees/emptyshire/"))
    assert "0 member councils in Emptyshire." in html
    assert "This area committee has no member councils at the moment." in html
