"""Every council self-service URL x every role, with the exact status expected.

Council A is Ash; council B is Worth. That a council exists is public (the directory lists
it), so its pages answer 403 to people who may not run them; a position or invitation
asked for under another council's address is 404."""

import pytest
from django.utils import timezone

from members.models import Council, Invitation, Position
from members.tests.conftest import ROLES
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db

MANAGERS = {"clerk_a", "deputy_clerk_a", "staff"}
MANAGE = {**dict.fromkeys(ROLES, 403), "anonymous": 302, **dict.fromkeys(MANAGERS, 200)}
HAND_OVER = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "clerk_a": 200, "staff": 200}
# The councillor may record that they themselves have left.
END_COUNCILLORS_POSITION = {**MANAGE, "councillor_a": 200}


def assert_status(response, expected, role):
    assert response.status_code == expected, f"{role}: expected {expected}, got {response.status_code}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


def as_post_status(get_matrix: dict) -> dict:
    """A successful POST redirects; everyone else gets what they got for the page."""
    return {role: 302 if status == 200 else status for role, status in get_matrix.items()}


@pytest.fixture
def councillor_position(people, council_a):
    return Position.objects.get(user=people["councillor_a"], council=council_a)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["edit", "people", "invite"])
def test_the_clerks_pages_open_for_the_clerks_office_and_staff(client, login_as, role, page):
    login_as(role)
    assert_status(client.get(f"/councils/ash/{page}/"), MANAGE[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_the_handover_page_opens_for_the_clerk_and_staff_only(client, login_as, role):
    login_as(role)
    assert_status(client.get("/councils/ash/handover/"), HAND_OVER[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_ending_a_position_opens_for_its_holder_the_clerks_office_and_staff(
    client, login_as, councillor_position, role
):
    login_as(role)
    url = f"/councils/ash/positions/{councillor_position.pk}/end/"
    assert_status(client.get(url), END_COUNCILLORS_POSITION[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_unknown_councils_and_positions_under_the_wrong_council_are_404(
    client, login_as, councillor_position, role
):
    login_as(role)
    not_found = {**dict.fromkeys(ROLES, 404), "anonymous": 302}
    for url in [
        "/councils/no-such-council/people/",
        "/councils/no-such-council/handover/",
        f"/councils/worth/positions/{councillor_position.pk}/end/",
        "/councils/ash/positions/999999/end/",
    ]:
        assert_status(client.get(url), not_found[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_editing_contact_details(client, login_as, council_a, role):
    login_as(role)
    response = client.post(
        "/councils/ash/edit/", {"contact_email": "forged@example.org", "contact_phone": ""}
    )
    assert_status(response, as_post_status(MANAGE)[role], role)
    council_a.refresh_from_db()
    assert (council_a.contact_email == "forged@example.org") == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_inviting(client, login_as, council_a, role):
    login_as(role)
    response = client.post(
        "/councils/ash/invite/", {"full_name": "Robin", "email": "robin@example.org", "role": "councillor"}
    )
    assert_status(response, as_post_status(MANAGE)[role], role)
    assert Invitation.objects.filter(council=council_a).exists() == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_an_invitation(client, login_as, council_a, role):
    invitation, _ = issue_invitation(council=council_a)
    login_as(role)
    # Under Worth's address, Ash's invitation is not found by those who run Worth; others
    # are stopped at Worth's door.
    forged = client.post("/councils/worth/invite/", {"revoke": invitation.pk})
    worth_managers = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "clerk_b": 404, "staff": 404}
    assert_status(forged, worth_managers[role], role)
    assert_status(
        client.post("/councils/ash/invite/", {"revoke": "not-a-number"}),
        {**MANAGE, "clerk_a": 404, "deputy_clerk_a": 404, "staff": 404}[role],
        role,
    )
    response = client.post("/councils/ash/invite/", {"revoke": invitation.pk})
    assert_status(response, as_post_status(MANAGE)[role], role)
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_ending_a_position(client, login_as, councillor_position, role):
    login_as(role)
    response = client.post(
        f"/councils/ash/positions/{councillor_position.pk}/end/",
        {"ended_on": timezone.localdate().isoformat()},
    )
    assert_status(response, as_post_status(END_COUNCILLORS_POSITION)[role], role)
    councillor_position.refresh_from_db()
    assert (councillor_position.ended_on is not None) == (END_COUNCILLORS_POSITION[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_handing_over(client, login_as, council_a, people, role):
    login_as(role)
    response = client.post(
        "/councils/ash/handover/",
        {"full_name": "Jo Newman", "email": "jo@example.org", "ended_on": timezone.localdate().isoformat()},
    )
    assert_status(response, as_post_status(HAND_OVER)[role], role)
    clerk = Position.objects.get(user=people["clerk_a"], council=council_a)
    assert (clerk.ended_on is not None) == (role in {"clerk_a", "staff"})
    assert Invitation.objects.filter(kind=Invitation.Kind.HANDOVER).exists() == (role in {"clerk_a", "staff"})


def test_clerk_b_cannot_touch_council_a_even_by_guessing_every_address(client, people, council_a):
    """One walk through every page and every forged POST as Worth's clerk."""
    client.force_login(people["clerk_b"])
    before = Council.objects.get(pk=council_a.pk)
    position = Position.objects.get(user=people["clerk_a"], council=council_a)
    for url in [
        "/councils/ash/edit/",
        "/councils/ash/people/",
        "/councils/ash/invite/",
        "/councils/ash/handover/",
    ]:
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"contact_email": "x@example.org", "email": "x@example.org"}).status_code == 403
        )
    assert (
        client.post(f"/councils/ash/positions/{position.pk}/end/", {"ended_on": "2026-01-01"}).status_code
        == 403
    )
    assert (
        client.post(f"/councils/worth/positions/{position.pk}/end/", {"ended_on": "2026-01-01"}).status_code
        == 404
    )
    position.refresh_from_db()
    assert position.ended_on is None
    assert Council.objects.get(pk=council_a.pk).contact_email == before.contact_email
    assert not Invitation.objects.exists()
