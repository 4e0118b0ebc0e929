"""Access requests and invitations in the office admin: the same services, fixed budgets."""

import pytest

from members.models import AccessRequest, Invitation, User
from members.tests.factories import CouncilFactory, sign_in, staff_user
from members.tests.factories_access import bulk_access_requests, issue_invitation, submit_access_request

pytestmark = pytest.mark.django_db

ADMIN_LIST_BUDGET = 12
REQUESTS = "/admin/members/accessrequest/"
INVITATIONS = "/admin/members/invitation/"


@pytest.fixture
def office(client):
    user = staff_user()
    sign_in(client, user)
    return user


@pytest.mark.parametrize("count", [30, 300])
def test_the_request_changelist_holds_its_budget(client, office, count, django_assert_max_num_queries):
    bulk_access_requests(count, council=CouncilFactory(), decided_by=office)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        response = client.get(REQUESTS)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-email"') == min(count, 100)


@pytest.mark.parametrize("count", [3, 30])
def test_the_invitation_changelist_holds_its_budget(client, office, count, django_assert_max_num_queries):
    council = CouncilFactory()
    for i in range(count):
        issue_invitation(council=council, email=f"person{i}@example.org", invited_by=office)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        response = client.get(INVITATIONS)
    assert response.status_code == 200
    assert "person0@example.org" in response.content.decode()


def test_approving_from_the_admin_uses_the_same_service(client, office):
    council = CouncilFactory()
    waiting = submit_access_request(council=council, email="sam@example.org")
    declined = submit_access_request(council=council, email="dee@example.org")
    AccessRequest.objects.filter(pk=declined.pk).update(status=AccessRequest.Status.DECLINED)

    response = client.post(
        REQUESTS, {"action": "approve_selected", "_selected_action": [waiting.pk, declined.pk]}, follow=True
    )

    assert "1 request(s) approved" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == AccessRequest.Status.APPROVED and waiting.decided_by == office
    assert Invitation.objects.get().access_request == waiting
    assert Invitation.objects.get().email == "sam@example.org"
    # Accounts are made when an invitation is accepted, not when it is sent.
    assert not User.objects.filter(email__in=["sam@example.org", "dee@example.org"]).exists()


def test_declining_from_the_admin_asks_for_a_reason_first(client, office):
    request = submit_access_request(council=CouncilFactory(), email="sam@example.org", full_name="Sam Taylor")
    selection = {"action": "decline_selected", "_selected_action": [request.pk]}

    page = client.post(REQUESTS, selection)
    assert page.status_code == 200
    assert "Sam Taylor (sam@example.org)" in page.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING

    no_reason = client.post(REQUESTS, {**selection, "apply": "1", "reason": ""})
    assert no_reason.status_code == 200 and "This field is required." in no_reason.content.decode()

    client.post(REQUESTS, {**selection, "apply": "1", "reason": "Not a member council."})
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        AccessRequest.Status.DECLINED,
        "Not a member council.",
    )


def test_invitations_can_be_cancelled_but_not_added_in_the_admin(client, office):
    invitation, _ = issue_invitation(council=CouncilFactory())
    assert client.get(f"{INVITATIONS}add/").status_code == 403
    assert client.get(f"{REQUESTS}add/").status_code == 403
    page = client.get(f"{INVITATIONS}{invitation.pk}/change/").content.decode()
    assert invitation.token_hash not in page

    client.post(INVITATIONS, {"action": "revoke_selected", "_selected_action": [invitation.pk]})

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
