"""Every council self-service URL x every role, with the exact status expected.

Council A is Ash; council B is Worth. That a council exists is public (the directory lists
it), so its pages answer 403 to people who may not run them; a position or invitation
asked for under another council's address is 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members.models import Council, Invitation, Position
from members.services import access as access_services
from members.services import council_manage as council_manage_services
from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories import sign_in
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db

MANAGERS = {"clerk_a", "deputy_clerk_a", "staff"}
# Staff who signed in without their authenticator app are sent to use it: no council's
# pages open for them (Ash is another council to them, as to anyone who is not its clerk).
REFUSED = {**dict.fromkeys(ROLES, 403), "anonymous": 302, UNVERIFIED_STAFF: 302}
MANAGE = {**REFUSED, **dict.fromkeys(MANAGERS, 200)}
HAND_OVER = {**REFUSED, "clerk_a": 200, "staff": 200}
# The councillor may record that they themselves have left.
END_COUNCILLORS_POSITION = {**MANAGE, "councillor_a": 200}


def assert_status(response, expected, role):
    assert response.status_code == expected, f"{role}: expected {expected}, got {response.status_code}"
    if expected == 302 and role in ("anonymous", UNVERIFIED_STAFF):
        assert response["Location"].startswith(redirect_prefix(role))


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
    worth_managers = {**REFUSED, "clerk_b": 404, "staff": 404}
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
    sign_in(client, people["clerk_b"])
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


# --- The clerk's own post and the incoming clerk's invitation -------------------------------
# Only the clerk (ending their own position) or the office may end the clerk's position; only
# the clerk or the office may cancel an invitation to be clerk. The deputy runs everything else.
END_CLERKS_POSITION = {**REFUSED, "clerk_a": 200, "staff": 200}
# After the handover clerk_a no longer holds a position, so only the office is left.
CANCEL_HANDOVER = {**REFUSED, "staff": 302}


@pytest.fixture
def clerk_position(people, council_a):
    return Position.objects.get(user=people["clerk_a"], council=council_a)


@pytest.fixture
def handover_invitation(people, council_a):
    """clerk_a hands over today: their position ends and the incoming clerk is invited."""
    return council_manage_services.clerkship_hand_over(
        council=council_a,
        incoming_email="jo@example.org",
        incoming_full_name="Jo Newman",
        outgoing_ended_on=timezone.localdate(),
        handed_over_by=people["clerk_a"],
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_clerks_position_opens_for_the_clerk_and_the_office_only(client, login_as, clerk_position, role):
    login_as(role)
    url = f"/councils/ash/positions/{clerk_position.pk}/end/"
    assert_status(client.get(url), END_CLERKS_POSITION[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_ending_the_clerks_position(client, login_as, clerk_position, role):
    login_as(role)
    response = client.post(
        f"/councils/ash/positions/{clerk_position.pk}/end/", {"ended_on": timezone.localdate().isoformat()}
    )
    assert_status(response, as_post_status(END_CLERKS_POSITION)[role], role)
    clerk_position.refresh_from_db()
    assert (clerk_position.ended_on is not None) == (role in {"clerk_a", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_the_incoming_clerks_invitation(client, login_as, handover_invitation, role):
    login_as(role)
    response = client.post("/councils/ash/invite/", {"revoke": handover_invitation.pk})
    assert_status(response, CANCEL_HANDOVER[role], role)
    handover_invitation.refresh_from_db()
    assert (handover_invitation.revoked_at is not None) == (role == "staff")


def test_the_deputy_is_offered_neither_the_clerks_position_nor_the_handover_invitation(
    client, people, council_a, clerk_position
):
    councillor = Position.objects.get(user=people["councillor_a"], council=council_a)
    sign_in(client, people["deputy_clerk_a"])
    people_page = client.get("/councils/ash/people/").content.decode()
    assert f"/councils/ash/positions/{councillor.pk}/end/" in people_page
    assert f"/councils/ash/positions/{clerk_position.pk}/end/" not in people_page

    invitation, _ = issue_invitation(council=council_a, email="robin@example.org")
    handover = council_manage_services.clerkship_hand_over(
        council=council_a,
        incoming_email="jo@example.org",
        incoming_full_name="Jo Newman",
        outgoing_ended_on=timezone.localdate(),
        handed_over_by=people["clerk_a"],
    )
    invite_page = client.get("/councils/ash/invite/").content.decode()
    assert f'name="revoke" value="{invitation.pk}"' in invite_page
    assert f'name="revoke" value="{handover.pk}"' not in invite_page
    assert "Only the clerk or the KALC office can cancel the new clerk's invitation." in invite_page
    sign_in(client, people["staff"])
    assert f'name="revoke" value="{handover.pk}"' in client.get("/councils/ash/invite/").content.decode()


def test_the_services_refuse_the_deputy_too(people, council_a, clerk_position):
    """The views ask permissions first; the services are the backstop."""
    deputy = people["deputy_clerk_a"]
    with pytest.raises(PermissionDenied):
        council_manage_services.council_position_end(
            position=clerk_position, ended_on=timezone.localdate(), ended_by=deputy
        )
    with pytest.raises(PermissionDenied):
        council_manage_services.clerkship_hand_over(
            council=council_a,
            incoming_email="jo@example.org",
            incoming_full_name="Jo Newman",
            outgoing_ended_on=timezone.localdate(),
            handed_over_by=deputy,
        )
    clerk_position.refresh_from_db()
    assert clerk_position.ended_on is None
    assert not Invitation.objects.exists()

    handover = council_manage_services.clerkship_hand_over(
        council=council_a,
        incoming_email="jo@example.org",
        incoming_full_name="Jo Newman",
        outgoing_ended_on=timezone.localdate(),
        handed_over_by=people["clerk_a"],
    )
    with pytest.raises(PermissionDenied):
        access_services.invitation_revoke(invitation=handover, revoked_by=deputy)
    handover.refresh_from_db()
    assert handover.revoked_at is None
    # The deputy still runs the rest: another person's position, an ordinary invitation.
    councillor = Position.objects.get(user=people["councillor_a"], council=council_a)
    council_manage_services.council_position_end(
        position=councillor, ended_on=timezone.localdate(), ended_by=deputy
    )
    invitation, _ = issue_invitation(council=council_a, email="robin@example.org")
    assert access_services.invitation_revoke(invitation=invitation, revoked_by=deputy).revoked_at is not None
