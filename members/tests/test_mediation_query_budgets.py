"""The mediation case list runs a fixed number of queries at 10x the data."""

import pytest

from members.services.mediation import mediation_case_name_people, mediation_case_status_change
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db

OFFICER_LIST_BUDGET = 4
REQUESTER_LIST_BUDGET = 6


def add_cases(people, council_a, count):
    for i in range(count):
        case = mediation_case(requested_by=people["clerk_a" if i % 2 else "chair_a"], council=council_a)
        if i % 3 == 0:
            mediation_case_status_change(
                case=case, status="assessing", changed_by=people["mediation_officer"]
            )
        if i % 4 == 0:
            mediation_case_name_people(
                case=case, people=[people["councillor_a"]], named_by=people["mediation_officer"]
            )


@pytest.mark.parametrize("query", ["", "?status=assessing"])
def test_officer_case_list_budget_at_20_and_200_cases(
    client, people, council_a, login_as, django_assert_max_num_queries, query
):
    login_as("mediation_officer")
    add_cases(people, council_a, 20)
    with django_assert_max_num_queries(OFFICER_LIST_BUDGET):
        small = client.get(f"/mediation/cases/{query}")
    add_cases(people, council_a, 180)
    with django_assert_max_num_queries(OFFICER_LIST_BUDGET):
        large = client.get(f"/mediation/cases/{query}")

    assert len(small.context["cases"]) == (20 if not query else 7)
    assert large.content.decode().count('class="case-row"') == (200 if not query else 67)


def test_requester_and_named_person_lists_budget(
    client, people, council_a, login_as, django_assert_max_num_queries
):
    add_cases(people, council_a, 20)
    for role, expected_small in [("clerk_a", 10), ("councillor_a", 5)]:
        login_as(role)
        with django_assert_max_num_queries(REQUESTER_LIST_BUDGET):
            assert len(client.get("/mediation/cases/").context["cases"]) == expected_small
    add_cases(people, council_a, 180)
    for role, expected_large in [("clerk_a", 100), ("councillor_a", 50)]:
        login_as(role)
        with django_assert_max_num_queries(REQUESTER_LIST_BUDGET):
            response = client.get("/mediation/cases/")
        assert response.content.decode().count('class="case-row"') == expected_large
