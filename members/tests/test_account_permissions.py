"""Every "My account" URL x every role, with the exact status expected."""

from urllib.parse import quote

import pytest

from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories_account import deletion_request

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
OWN_ACCOUNT = {**dict.fromkeys(SIGNED_IN, 200), "anonymous": 302}
# Staff who signed in without their authenticator app are sent to use it.
OFFICE_ONLY = {**dict.fromkeys(SIGNED_IN, 403), "staff": 200, "anonymous": 302, UNVERIFIED_STAFF: 302}

GET_MATRIX = {
    "/account/": OWN_ACCOUNT,
    "/account/preferences/": OWN_ACCOUNT,
    "/account/export/": OWN_ACCOUNT,
    "/account/delete/": OWN_ACCOUNT,
    "/account/deletion-requests/": OFFICE_ONLY,
}


@pytest.mark.parametrize("url", GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_get_permission_matrix(client, login_as, url, role):
    login_as(role)

    response = client.get(url)

    assert response.status_code == GET_MATRIX[url][role], f"{role} GET {url}"
    if response.status_code == 302:
        next_url = url if role == "anonymous" else quote(url, safe="")
        assert response["Location"] == redirect_prefix(role) + next_url


@pytest.mark.parametrize("role", ROLES)
def test_post_export_matrix(client, login_as, role):
    person = login_as(role)

    response = client.post("/account/export/")

    assert response.status_code == OWN_ACCOUNT[role], role
    if person is None:
        assert response["Location"] == "/accounts/login/?next=/account/export/"
    else:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["account"]["email"] == person.email


@pytest.mark.parametrize("role", ROLES)
def test_post_deletion_queue_matrix_changes_nothing_for_those_who_may_not(client, login_as, people, role):
    target = deletion_request(people["councillor_a"])
    login_as(role)

    response = client.post("/account/deletion-requests/", {"request": target.pk, "decision": "confirm"})

    expected = {**OFFICE_ONLY, "staff": 302}[role]
    assert response.status_code == expected, role
    if role == UNVERIFIED_STAFF:
        assert response["Location"].startswith(redirect_prefix(role))
    target.refresh_from_db()
    if role == "staff":
        assert target.status == "completed"
    else:
        assert target.status == "pending"
        people["councillor_a"].refresh_from_db()
        assert people["councillor_a"].anonymised_at is None


@pytest.mark.parametrize("role", ROLES)
def test_post_account_delete_matrix(client, login_as, role):
    person = login_as(role)

    response = client.post("/account/delete/", {"action": "request", "confirm": "on"})

    assert response.status_code == 302, role
    if person is None:
        assert response["Location"] == "/accounts/login/?next=/account/delete/"
    else:
        assert response["Location"] == "/account/delete/"
        assert person.deletion_requests.get().status == "pending"
