"""The office admin's deletion requests: read-only records and a confirm action that
calls the same service as the staff queue."""

import pytest

from members.models import AccountDeletionRequest
from members.services import account as account_services
from members.tests.factories import UserFactory, sign_in, staff_user
from members.tests.factories_account import bulk_deletion_requests, deletion_request

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/members/accountdeletionrequest/"


@pytest.fixture
def office(client):
    user = staff_user()
    sign_in(client, user)
    return user


def test_the_confirm_action_anonymises_pending_requests_and_skips_decided_ones(client, office):
    pending = deletion_request(UserFactory(full_name="Ann First"))
    cancelled = deletion_request(UserFactory(full_name="Bob Second"))
    account_services.account_deletion_request_cancel(deletion_request=cancelled, cancelled_by=cancelled.user)

    response = client.post(
        CHANGELIST,
        {"action": "confirm_deletion", "_selected_action": [pending.pk, cancelled.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "1 account(s) anonymised" in html
    assert "1 request(s) skipped" in html
    pending.refresh_from_db()
    cancelled.refresh_from_db()
    assert pending.status == AccountDeletionRequest.Status.COMPLETED and pending.decided_by == office
    assert pending.user.full_name == "Former member"
    assert cancelled.status == AccountDeletionRequest.Status.CANCELLED
    assert cancelled.user.anonymised_at is None


def test_requests_cannot_be_added_edited_or_deleted_by_hand(client, office):
    request = deletion_request(UserFactory())
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{request.pk}/delete/").status_code == 403
    html = client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert 'name="reason"' not in html  # shown read-only


@pytest.mark.parametrize("count", [30, 300])
def test_changelist_has_a_query_budget(client, office, count, django_assert_max_num_queries):
    bulk_deletion_requests(count)
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.content.decode().count('name="_selected_action"') == min(count, 100)
