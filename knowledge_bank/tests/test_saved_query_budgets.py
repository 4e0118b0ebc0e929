"""My saved items runs a fixed number of queries at 10 and 100 saved items."""

import pytest

from knowledge_bank.models import Resource, SavedItem
from knowledge_bank.services.resources import resource_update
from knowledge_bank.tests.factories import ResourceFactory, office_author

pytestmark = pytest.mark.django_db

# The user and their roles, the hidden count, the paginator's count, the page.
SAVED_LIST_BUDGET = 5


def save_many(user, count: int, owner) -> None:
    resources = [ResourceFactory(owner=owner) for _ in range(count)]
    SavedItem.objects.bulk_create(SavedItem(user=user, resource=resource) for resource in resources)
    # One in ten is archived afterwards, so the hidden count has something to count.
    for resource in resources[::10]:
        resource_update(resource=resource, status=Resource.Status.ARCHIVED)


def test_saved_list_budget_at_10_and_100_items(client, login_as, people, django_assert_max_num_queries):
    owner = office_author()
    councillor = login_as("councillor_a")
    save_many(councillor, 10, owner)
    with django_assert_max_num_queries(SAVED_LIST_BUDGET):
        small = client.get("/knowledge/saved/")
    assert small.context["hidden_count"] == 1
    assert len(small.context["page"]) == 9

    save_many(councillor, 90, owner)
    with django_assert_max_num_queries(SAVED_LIST_BUDGET):
        large = client.get("/knowledge/saved/?page=2")
    assert large.context["hidden_count"] == 10
    assert large.context["page"].paginator.count == 90
    assert large.content.decode().count('class="saved-item"') == 20
