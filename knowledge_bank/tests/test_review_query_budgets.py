"""The review board runs the same number of queries at 10x the data and 10x the hubs.

Four queries whichever way it is asked: the signed-in user, the hubs (for the filter and
the sections), then either every section in one UNION query and the capped total, or one
hub's capped count and its page."""

import datetime

import pytest
from django.utils import timezone

from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.tests.factories import sign_in, staff_user

pytestmark = pytest.mark.django_db

BOARD_QUERIES = 4


@pytest.mark.parametrize(
    "query", ["", "?window=overdue", "?hub={hub}", "?hub=none&window=90", "?hub={hub}&page=9999"]
)
def test_board_queries_are_fixed_at_30_and_300_resources(client, django_assert_num_queries, query):
    hubs = [HubFactory(position=position) for position in range(3)]
    owners = [office_author() for _ in range(5)]
    today = timezone.localdate()

    def add(count):
        for i in range(count):
            # A third in the first hub and one other, a third in one hub, a third in none;
            # all due within 30 days.
            in_hubs = [[hubs[0], hubs[1 + i % (len(hubs) - 1)]], [hubs[i % len(hubs)]], []][i % 3]
            ResourceFactory(
                owner=owners[i % 5], hubs=in_hubs, review_due=today + datetime.timedelta(days=i % 40 - 10)
            )

    sign_in(client, staff_user())
    url = "/knowledge/review/" + query.format(hub=hubs[0].pk)
    add(30)
    with django_assert_num_queries(BOARD_QUERIES):
        small = client.get(url)
    hubs += [HubFactory(position=position) for position in range(3, 30)]
    add(270)
    with django_assert_num_queries(BOARD_QUERIES):
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    rows = large.content.decode().count('class="review-row"')
    if "hub=" in query:
        assert (
            small.content.decode().count('class="review-row"') == len(small.context["hub_page"].entries) > 0
        )
        assert large.context["hub_page"].count > 50
        assert rows == 50  # a full page; the rest paginate
    else:
        small_sections = small.context["sections"]
        assert small.content.decode().count('class="review-row"') == sum(
            len(s.entries) for s in small_sections
        )
        sections = large.context["sections"]
        assert len(sections) > len(small_sections)  # the new hubs have sections of their own
        assert all(len(section.entries) <= 10 for section in sections)
        assert rows == sum(len(section.entries) for section in sections)
        assert any(section.has_more for section in sections)
