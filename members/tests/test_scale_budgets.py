"""Issue 3's budgets at 300 and at 3,000 councils: the directory (see
test_directory_query_budgets.py), the council overview and the staff queues."""

import pytest

from members.models import AccessRequest, Council, Feedback, Position
from members.tests.factories import (
    AreaCommitteeFactory,
    PositionFactory,
    UserFactory,
    bulk_councils,
    sign_in,
    staff_user,
)

pytestmark = pytest.mark.django_db

BUDGETS = {
    # The page's own six reads, then the registered panels', each a fixed number whatever
    # the council's size: training's two (upcoming places, the last year's record) and the
    # survey's up to three (open surveys, the latest closed one, this council's responses).
    "overview": 6 + 2 + 3,
    "access_queue": 5,
    "feedback_queue": 5,
    "deletion_queue": 5,
    "directory": 6,
}


@pytest.fixture(params=[300, 3000], ids=["300-councils", "3000-councils"])
def kent_at_scale(request):
    committee = AreaCommitteeFactory(district="Dover")
    bulk_councils(request.param, committee=committee)
    councils = list(Council.objects.order_by("pk"))
    sandwich = councils[0]
    clerk = PositionFactory(council=sandwich, role=Position.Role.CLERK).user
    for _ in range(10):
        PositionFactory(council=sandwich)
    # One waiting access request and one question for every tenth council: 30 or 300 rows.
    author = UserFactory()
    AccessRequest.objects.bulk_create(
        AccessRequest(full_name=f"Person {i}", email=f"p{i}@example.org", council=c, role="councillor")
        for i, c in enumerate(councils[::10])
    )
    Feedback.objects.bulk_create(
        Feedback(author=author, area_committee=committee, subject=f"Question {i}", message="How do I...?")
        for i, _ in enumerate(councils[::10])
    )
    return sandwich, clerk, staff_user()


def test_council_overview_budget(client, kent_at_scale, django_assert_max_num_queries):
    sandwich, clerk, _ = kent_at_scale
    sign_in(client, clerk)
    with django_assert_max_num_queries(BUDGETS["overview"]):
        response = client.get(f"/councils/{sandwich.slug}/")
    assert response.status_code == 200
    assert "Council overview" in response.content.decode()


@pytest.mark.parametrize(
    "name, url, row_marker",
    [
        ("access_queue", "/access/requests/", "Review<span"),
        ("feedback_queue", "/feedback/queue/", "Question "),
        ("deletion_queue", "/account/deletion-requests/", None),
        ("directory", "/councils/?district=Dover", '<th scope="row"><a href="/councils/'),
    ],
)
def test_staff_pages_budget(client, kent_at_scale, django_assert_max_num_queries, name, url, row_marker):
    *_, office = kent_at_scale
    sign_in(client, office)
    with django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(url)
    assert response.status_code == 200
    if row_marker:
        assert response.content.decode().count(row_marker) >= 25, name
