"""The review board, "Mark reviewed" and the Markdown preview x every role, GET and
POST, with the exact status expected. Signed-out people are sent to sign in; the board
answers 403 to other signed-in people (as the members' staff queues do); "Mark
reviewed" answers 404 for a resource the person may not see and 403 for one they may;
the preview answers 404 to anyone but staff."""

import datetime

import pytest

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import ResourceFactory
from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix

pytestmark = pytest.mark.django_db

OVERDUE = datetime.date(2020, 1, 1)


@pytest.fixture
def resources(people):
    return {
        "public": ResourceFactory(slug="public-guide", audience=Resource.Audience.PUBLIC, review_due=OVERDUE),
        "draft": ResourceFactory(slug="draft-guide", status=Resource.Status.DRAFT, review_due=OVERDUE),
        "clerks": ResourceFactory(slug="clerks-note", audience=Resource.Audience.CLERKS, review_due=OVERDUE),
    }


def only_staff(staff_status, others, anonymous=302, unverified=None):
    """Staff who signed in without their authenticator app get what others get, except that
    a refusal (403) sends them to use it (302)."""
    if unverified is None:
        unverified = 302 if others == 403 else others
    return {
        **dict.fromkeys(ROLES, others),
        "anonymous": anonymous,
        "staff": staff_status,
        UNVERIFIED_STAFF: unverified,
    }


GET_MATRIX = {
    "/knowledge/review/": only_staff(200, 403),
    "/knowledge/public-guide/reviewed/": only_staff(405, 405),
    "/knowledge/preview/": only_staff(405, 405),
}

POST_MATRIX = {
    "/knowledge/review/": only_staff(405, 405),
    # Staff are sent back to the board; the public guide is visible to all, so others get 403.
    "/knowledge/public-guide/reviewed/": only_staff(302, 403),
    # Drafts are never revealed: 404 for everyone but staff.
    "/knowledge/draft-guide/reviewed/": only_staff(302, 404),
    # Clerks-only: the clerk's office may see it (403), others may not (404).
    "/knowledge/clerks-note/reviewed/": {
        **only_staff(302, 404),  # to unverified staff it is a clerks' note they may not see
        "clerk_a": 403,
        "deputy_clerk_a": 403,
        "clerk_b": 403,
    },
    "/knowledge/no-such-thing/reviewed/": only_staff(404, 404),
    "/knowledge/preview/": only_staff(200, 404),
}


@pytest.mark.parametrize("url", GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_get_permission_matrix(client, login_as, resources, url, role):
    login_as(role)

    response = client.get(url)

    assert response.status_code == GET_MATRIX[url][role], f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif response.status_code == 302:
        assert response["Location"].startswith(redirect_prefix(role))


@pytest.mark.parametrize("url", POST_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_post_permission_matrix(client, login_as, resources, url, role):
    login_as(role)

    response = client.post(url, {"markdown": "# Hello", "next": "/knowledge/review/"})

    assert response.status_code == POST_MATRIX[url][role], f"{role} POST {url}"
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif response.status_code == 302 and role == UNVERIFIED_STAFF:
        assert response["Location"].startswith(redirect_prefix(role))
    elif response.status_code == 302:
        assert response["Location"] == "/knowledge/review/"
    # Only staff move a review date.
    moved = {resource.slug for resource in Resource.objects.exclude(review_due=OVERDUE)}
    expected_moved = {url.split("/")[2]} if role == "staff" and url.endswith("/reviewed/") else set()
    assert moved == expected_moved - {"no-such-thing"}
