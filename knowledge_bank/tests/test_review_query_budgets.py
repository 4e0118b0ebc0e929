"""The review board runs a fixed number of queries at 10x the data."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.tests.factories import staff_user

pytestmark = pytest.mark.django_db

BOARD_BUDGET = 5


@pytest.mark.parametrize("query", ["", "?window=overdue", "?hub={hub}", "?hub=none&window=90"])
def test_board_budget_at_30_and_300_resources(client, django_assert_max_num_queries, query):
    hubs = [HubFactory() for _ in range(3)]
    owners = [office_author() for _ in range(5)]
    today = timezone.localdate()

    def add(count):
        for i in range(count):
            ResourceFactory(
                owner=owners[i % 5],
                # A third in two hubs, a third in one, a third in none; all due within 30 days.
                hubs=hubs[: 2 - i % 3],
                review_due=today + datetime.timedelta(days=i % 40 - 10),
            )

    client.force_login(staff_user())
    url = "/knowledge/review/" + query.format(hub=hubs[0].pk)
    add(30)
    with django_assert_max_num_queries(BOARD_BUDGET):
        small = client.get(url)
    add(270)
    with django_assert_max_num_queries(BOARD_BUDGET):
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    assert small.content.decode().count('class="review-row"') == len(small.context["page"].object_list) > 0
    assert large.context["page"].paginator.count > 50
    assert large.content.decode().count('class="review-row"') == 50  # a full page; the rest paginate
