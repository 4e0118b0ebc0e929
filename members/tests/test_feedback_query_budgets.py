"""The feedback queue and a member's own list run a fixed number of queries at 10x the data."""

import pytest

from members.services.feedback import feedback_answer
from members.tests.factories import AreaCommitteeFactory, UserFactory
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db

QUEUE_BUDGET = 5
MINE_BUDGET = 3


def add_items(count, *, committee, staff, author=None):
    for i in range(count):
        item = feedback_item(author=author or UserFactory(), area_committee=committee if i % 2 else None)
        if i % 3 == 0:
            feedback_answer(feedback=item, answer="Thank you, done.", answered_by=staff)


@pytest.mark.parametrize("filtered", [False, True])
def test_queue_budget_at_30_and_300_items(client, people, login_as, django_assert_max_num_queries, filtered):
    committee = AreaCommitteeFactory(district="Swale")
    query = f"?status=open&area_committee={committee.pk}" if filtered else ""
    login_as("staff")
    add_items(30, committee=committee, staff=people["staff"])
    with django_assert_max_num_queries(QUEUE_BUDGET):
        small = client.get(f"/feedback/queue/{query}")
    add_items(270, committee=committee, staff=people["staff"])
    with django_assert_max_num_queries(QUEUE_BUDGET):
        large = client.get(f"/feedback/queue/{query}")

    # 30 rows render on the first page; at 300 the page holds 50 of them (the rest paginate).
    assert small.content.decode().count('class="feedback-row"') == (30 if not filtered else 10)
    assert large.context["page"].paginator.count == (300 if not filtered else 100)
    assert large.content.decode().count('class="feedback-row"') == 50


def test_my_feedback_budget_at_10_and_100_items(client, people, login_as, django_assert_max_num_queries):
    committee = AreaCommitteeFactory(district="Swale")
    author = login_as("clerk_a")
    add_items(10, committee=committee, staff=people["staff"], author=author)
    with django_assert_max_num_queries(MINE_BUDGET):
        client.get("/feedback/mine/")
    add_items(90, committee=committee, staff=people["staff"], author=author)
    with django_assert_max_num_queries(MINE_BUDGET):
        response = client.get("/feedback/mine/")
    html = response.content.decode()
    assert html.count('class="card mb-3 feedback-item"') == 100
    assert html.count("Thank you, done.") == 34
