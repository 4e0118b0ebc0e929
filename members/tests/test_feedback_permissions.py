"""Every feedback URL x every role, with the exact status expected."""

import pytest

from members.models import Feedback
from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(people):
    return feedback_item(author=people["clerk_a"])


SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
AUTHOR_OR_STAFF = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "clerk_a": 200, "staff": 200}

GET_MATRIX = {
    "/feedback/": SIGNED_IN,
    "/feedback/mine/": SIGNED_IN,
    # Staff who signed in without their authenticator app are sent to use it; until then an
    # item is to them what it is to anyone else who may not see it (404).
    "/feedback/queue/": {**dict.fromkeys(ROLES, 403), "anonymous": 302, "staff": 200, UNVERIFIED_STAFF: 302},
    "/feedback/{pk}/": AUTHOR_OR_STAFF,
    "/feedback/{missing}/": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
}


@pytest.mark.parametrize("pattern", GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_get_permission_matrix(client, login_as, item, pattern, role):
    url = pattern.format(pk=item.pk, missing=item.pk + 1000)
    login_as(role)

    response = client.get(url)

    assert response.status_code == GET_MATRIX[pattern][role], f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    if response.status_code == 302 and role == UNVERIFIED_STAFF:
        assert response["Location"].startswith(redirect_prefix(role))


# Staff act; the author may read but not answer their own item (403); others get 404.
ACTION_EXPECTED = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "clerk_a": 403, "staff": 302}


@pytest.mark.parametrize(
    "action, data, status_after",
    [
        ("answer", {"answer": "The deadline is the end of January."}, Feedback.Status.ANSWERED),
        ("close", {}, Feedback.Status.CLOSED),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_staff_actions_permission_matrix(client, login_as, item, action, data, status_after, role):
    url = f"/feedback/{item.pk}/{action}/"
    login_as(role)

    response = client.post(url, data)

    assert response.status_code == ACTION_EXPECTED[role], f"{role} POST {url}"
    if response.status_code == 302:
        expected = f"/accounts/login/?next={url}" if role == "anonymous" else f"/feedback/{item.pk}/"
        assert response["Location"] == expected
    item.refresh_from_db()
    assert item.status == (status_after if role == "staff" else Feedback.Status.OPEN)


@pytest.mark.parametrize("action", ["answer", "close"])
def test_staff_actions_refuse_get(client, login_as, item, action):
    login_as("staff")
    assert client.get(f"/feedback/{item.pk}/{action}/").status_code == 405
