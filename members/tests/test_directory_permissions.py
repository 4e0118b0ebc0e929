"""Every directory URL x every role, with the exact status and what each may see."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories import sign_in

pytestmark = pytest.mark.django_db

MEMBERS = {"councillor_a", "chair_a", "clerk_a", "deputy_clerk_a", "clerk_b", "staff"}
# Signed in but holding no position and not office staff: the mediation group alone is not membership.
NOT_MEMBERS = {"no_position", "mediation_officer"}
# Office staff without this session's MFA step hold no staff power (so are no member either):
# the members' pages send them to use their authenticator app.
SEES_ASH_OVERVIEW = {"chair_a", "clerk_a", "deputy_clerk_a", "staff"}
SEES_WORTH_OVERVIEW = {"clerk_b", "staff"}
MANAGES_ASH = {"clerk_a", "deputy_clerk_a", "staff"}
HANDS_OVER_ASH = {"clerk_a", "staff"}

assert MEMBERS | NOT_MEMBERS | {"anonymous", UNVERIFIED_STAFF} == set(ROLES)


def members_only(member_status=200):
    return {
        role: 302 if role in ("anonymous", UNVERIFIED_STAFF) else member_status if role in MEMBERS else 403
        for role in ROLES
    }


MATRIX = {
    "/councils/": members_only(),
    "/councils/ash/": members_only(),
    "/councils/worth/": members_only(),
    "/councils/no-such-council/": members_only(404),
    "/find-your-council/": dict.fromkeys(ROLES, 200),
    "/find-your-council/?q=ash": dict.fromkeys(ROLES, 200),
    "/area-committees/": members_only(),
    "/area-committees/dover/": members_only(),
    "/area-committees/no-such-committee/": members_only(404),
}


def main_content(response) -> str:
    """The page's <main>: the header shows the signed-in person's own name and the footer the year."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def staged(people, council_a, council_b):
    council_a.address = "Ash Village Hall, The Street"
    council_a.electorate = 2875
    council_a.membership_year = 2026
    council_a.save()
    return people


def test_the_urls_are_the_ones_the_header_links_to():
    assert reverse("members:council_directory") == "/councils/"
    assert reverse("members:find_your_council") == "/find-your-council/"
    assert reverse("members:council_detail", args=["ash"]) == "/councils/ash/"
    assert reverse("members:area_committee_list") == "/area-committees/"
    assert reverse("members:area_committee_detail", args=["dover"]) == "/area-committees/dover/"


@pytest.mark.parametrize("url", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, staged, login_as, url, role):
    login_as(role)
    response = client.get(url)
    expected = MATRIX[url][role]
    assert response.status_code == expected, f"{role} on {url}"
    if expected == 302:
        assert response["Location"].startswith(redirect_prefix(role))


@pytest.mark.parametrize("role", sorted(MEMBERS))
def test_ash_overview_only_for_its_officers_and_the_office(client, staged, login_as, people, role):
    login_as(role)
    html = main_content(client.get("/councils/ash/"))
    assert "Ash Parish Council" in html
    assert "clerk@ash.example.org" in html  # public details for every member
    private = [
        "Council overview",
        # Names as the page writes them: Faker's "O'Neill" is escaped in HTML.
        escape(people["councillor_a"].full_name),
        escape(people["clerk_a"].full_name),
        "Last signed in",
        "Ash Village Hall",
        "2875",
        "2026/27",
    ]
    if role in SEES_ASH_OVERVIEW:
        for text in private:
            assert text in html, f"{role} should see {text!r}"
    else:
        for text in private:
            assert text not in html, f"{role} must not see {text!r}"


@pytest.mark.parametrize("role", sorted(MEMBERS))
def test_worth_overview_only_for_its_clerk_and_the_office(client, staged, login_as, people, role):
    login_as(role)
    html = main_content(client.get("/councils/worth/"))
    assert "Worth Parish Council" in html
    assert ("Council overview" in html) == (role in SEES_WORTH_OVERVIEW)
    assert (escape(people["clerk_b"].full_name) in html) == (role in SEES_WORTH_OVERVIEW)


def test_clerk_b_guessing_council_a_urls_learns_nothing_private(client, staged, login_as, people):
    login_as("clerk_b")
    for url in ["/councils/ash/", "/councils/ash/?overview=1", "/councils/ASH/"]:
        response = client.get(url)
        html = main_content(response)
        assert response.status_code in (200, 404)
        assert "Council overview" not in html
        assert escape(people["clerk_a"].full_name) not in html
        assert "Ash Village Hall" not in html


def test_manage_links_only_for_those_who_may_manage_the_council(client, staged, login_as):
    # Every page the clerk's office runs must exist (a vanished route fails here) and its link
    # shows only to those who may manage the council.
    manage_names = ["council_edit", "council_people", "council_invite"]
    manage_urls = [reverse(f"members:{name}", args=["ash"]) for name in manage_names]
    assert manage_urls == ["/councils/ash/edit/", "/councils/ash/people/", "/councils/ash/invite/"]
    handover_url = reverse("members:clerk_handover", args=["ash"])
    assert handover_url == "/councils/ash/handover/"
    for role in sorted(SEES_ASH_OVERVIEW):
        client.logout()
        login_as(role)
        response = client.get("/councils/ash/")
        assert response.status_code == 200
        assert response.context["can_manage"] is (role in MANAGES_ASH), role
        html = main_content(response)
        for url in manage_urls:
            assert (f'href="{url}"' in html) is (role in MANAGES_ASH), (role, url)
        # The deputy runs the council but the clerk (or the office) hands the clerkship over.
        assert (f'href="{handover_url}"' in html) is (role in HANDS_OVER_ASH), role


def test_non_member_status_filter_is_the_office_only(client, staged, login_as, council_b):
    council_b.membership_status = "lapsed"
    council_b.save()
    login_as("clerk_a")
    html = client.get("/councils/?status=all").content.decode()
    assert 'name="status"' not in html
    assert "Worth Parish Council" not in html
    client.logout()
    login_as("staff")
    html = client.get("/councils/?status=all").content.decode()
    assert 'name="status"' in html
    assert "Worth Parish Council" in html and "Lapsed" in html


def test_find_your_council_never_shows_private_fields_or_people(client, staged, council_a, people):
    council_a.contact_phone = "01304 123456"
    council_a.website = "https://ash.example.org/"
    council_a.save()
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            sign_in(client, people[role])
        html = main_content(client.get("/find-your-council/?q=ash"))
        assert "Ash Parish Council" in html
        assert (
            "clerk@ash.example.org" in html and "01304 123456" in html and "https://ash.example.org/" in html
        )
        for private in [
            "Ash Village Hall",
            "2875",
            "2026",
            "Member",
            "Clerk",
            escape(people["clerk_a"].full_name),
        ]:
            assert private not in html, f"{private!r} shown to {role}"
