"""Feedback in the admin: staff read it; answers go through the site queue."""

import pytest

from members.tests.conftest import ROLES
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db

ADMIN_LIST_BUDGET = 12


@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, login_as, role):
    item = feedback_item()
    login_as(role)
    for url in ("/admin/members/feedback/", f"/admin/members/feedback/{item.pk}/change/"):
        expected = 200 if role == "staff" else 302
        assert client.get(url).status_code == expected, f"{role} GET {url}"


def test_the_answer_cannot_be_changed_silently_in_the_admin(client, login_as):
    item = feedback_item()
    login_as("staff")
    html = client.get(f"/admin/members/feedback/{item.pk}/change/").content.decode()
    assert 'name="answer"' not in html and 'name="status"' not in html
    assert client.get("/admin/members/feedback/add/").status_code == 403


def test_admin_list_budget_at_30_and_300_items(client, login_as, django_assert_max_num_queries):
    login_as("staff")
    for _ in range(30):
        feedback_item()
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get("/admin/members/feedback/").status_code == 200
    for _ in range(270):
        feedback_item()
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get("/admin/members/feedback/").status_code == 200
