"""The search page runs the same bounded number of queries at 100 and at 1,000 resources."""

import pytest

from knowledge_bank.seeding import seed_knowledge

pytestmark = pytest.mark.django_db

# Signed in: user, positions, hubs, topics; then the probe, the ranked page and the rows.
SEARCH_BUDGET = 8
# A page past the end also counts the matches and fetches the last page.
PAST_THE_END_BUDGET = 10

SEARCHES = [
    {"q": "climate change"},
    {"q": "code conduct"},
    {"page": "2"},
    {"q": "climte change"},
    {"q": "flood plan", "hub": "resilience", "kind": "guide"},
    {"q": "grant funding", "topic": "grants-and-funding"},
    {},
    {"hub": "climate-change"},
    {"page": "3", "kind": "template"},
    {"q": "&&& !!"},
]


@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items())
)
@pytest.mark.parametrize("role", ["anonymous", "clerk_a", "staff"])
def test_search_budget_at_100_and_1000_resources(
    client, login_as, django_assert_max_num_queries, params, role
):
    login_as(role)
    seed_knowledge(count=100, seed=1)
    with django_assert_max_num_queries(SEARCH_BUDGET):
        small = client.get("/knowledge/search/", params)

    seed_knowledge(count=900, seed=2)
    with django_assert_max_num_queries(SEARCH_BUDGET):
        large = client.get("/knowledge/search/", params)

    assert small.status_code == large.status_code == 200
    if params.get("q") != "&&& !!":
        # The data grew tenfold and the page still shows it.
        before, after = small.context["results"], large.context["results"]
        assert after.count >= before.count and after.count > 0
        assert len(after.results) == min(20, after.count - (after.page.number - 1) * 20) > 0


@pytest.mark.parametrize("params", [{"q": "climate change", "page": "999"}, {"page": "999"}])
def test_a_page_past_the_end_costs_a_fixed_few_more(client, login_as, django_assert_max_num_queries, params):
    login_as("clerk_a")
    seed_knowledge(count=1000, seed=3)
    with django_assert_max_num_queries(PAST_THE_END_BUDGET):
        response = client.get("/knowledge/search/", params)
    results = response.context["results"]
    assert results.page.number == results.page.paginator.num_pages > 1
    assert results.results
