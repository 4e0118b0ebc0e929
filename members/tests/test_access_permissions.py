"""Every access URL x every role, with the exact status expected."""

import pytest

from members.models import AccessRequest, Invitation, Position
from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories_access import issue_invitation, let_invitation_expire, submit_access_request

pytestmark = pytest.mark.django_db

EVERYONE_200 = dict.fromkeys(ROLES, 200)
# Staff who signed in without their authenticator app are sent to use it.
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "staff": 200, UNVERIFIED_STAFF: 302}


def assert_status(response, expected, role):
    assert response.status_code == expected, f"{role}: expected {expected}, got {response.status_code}"
    if expected == 302 and role in ("anonymous", UNVERIFIED_STAFF):
        assert response["Location"].startswith(redirect_prefix(role))


@pytest.mark.parametrize("role", ROLES)
def test_public_request_pages(client, login_as, role):
    login_as(role)
    assert_status(client.get("/access/request/"), EVERYONE_200[role], role)
    assert_status(client.get("/access/request/sent/"), EVERYONE_200[role], role)


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_send_a_request_and_lands_on_the_same_thank_you_page(client, login_as, council_a, role):
    login_as(role)
    response = client.post(
        "/access/request/",
        {
            "full_name": "Sam Taylor",
            "email": "sam@example.org",
            "council": council_a.pk,
            "role": "councillor",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/access/request/sent/"


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_is_for_the_office_only(client, login_as, role):
    login_as(role)
    assert_status(client.get("/access/requests/"), STAFF_ONLY[role], role)
    assert_status(
        client.get("/access/requests/", {"status": "declined", "page": "2"}), STAFF_ONLY[role], role
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_review_page_is_for_the_office_only(client, login_as, council_a, role):
    request = submit_access_request(council=council_a)
    login_as(role)
    assert_status(client.get(f"/access/requests/{request.pk}/"), STAFF_ONLY[role], role)
    missing = {**STAFF_ONLY, "staff": 404}
    assert_status(client.get(f"/access/requests/{request.pk + 1000}/"), missing[role], role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_only_the_office_may_decide_a_request(client, login_as, council_a, role, action):
    request = submit_access_request(council=council_a)
    login_as(role)
    response = client.post(f"/access/requests/{request.pk}/", {"action": action, "decline-reason": "No."})
    assert_status(response, {**STAFF_ONLY, "staff": 302}[role], role)
    request.refresh_from_db()
    decided = role == "staff"
    assert (request.status != AccessRequest.Status.PENDING) == decided
    assert Invitation.objects.exists() == (decided and action == "approve")


@pytest.mark.parametrize("role", ROLES)
def test_a_new_persons_invitation_opens_only_for_someone_not_signed_in_as_another_account(
    client, login_as, council_a, role
):
    _, token = issue_invitation(council=council_a, email="robin@example.org")
    login_as(role)
    expected = {**dict.fromkeys(ROLES, 403), "anonymous": 200}
    assert_status(client.get(f"/invitations/{token}/"), expected[role], role)
    # A forged POST as another account changes nothing.
    client.post(
        f"/invitations/{token}/", {"password1": "a-long-new-password", "password2": "a-long-new-password"}
    )
    created = Position.objects.filter(user__email="robin@example.org").exists()
    assert created == (role == "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_an_existing_accounts_invitation_opens_for_that_account(client, login_as, people, council_b, role):
    invitee = people["no_position"]
    _, token = issue_invitation(council=council_b, email=invitee.email, role=Position.Role.CHAIR)
    login_as(role)
    expected = {**dict.fromkeys(ROLES, 403), "anonymous": 200, "no_position": 200}
    assert_status(client.get(f"/invitations/{token}/"), expected[role], role)
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == {"anonymous": 200, "no_position": 302}.get(role, 403)
    assert Position.objects.filter(council=council_b, role=Position.Role.CHAIR).exists() == (
        role == "no_position"
    )


@pytest.mark.parametrize("role", ROLES)
def test_unknown_and_expired_invitation_links(client, login_as, council_a, role):
    invitation, token = issue_invitation(council=council_a)
    let_invitation_expire(invitation)
    login_as(role)
    assert_status(client.get("/invitations/not-a-real-token/"), 404, role)
    assert_status(client.get(f"/invitations/{token}/"), 410, role)
