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


def test_who_may_see_a_case_is_answered_from_its_prefetched_named_people(
    people, council_a, django_assert_num_queries
):
    """A case read with its named people costs no further query to check, however many."""
    from members import permissions
    from members.models import MediationCase

    councillor, outsider = people["councillor_a"], people["clerk_b"]
    for count in (10, 100):
        add_cases(people, council_a, count - MediationCase.objects.count())
        cases = list(MediationCase.objects.prefetch_related("named_people"))
        for person in (councillor, outsider):
            permissions.is_mediation_officer(person)  # reads the person's groups, once per request
        with django_assert_num_queries(0):
            visible = [case.pk for case in cases if permissions.can_view_mediation_case(councillor, case)]
            hidden = [case.pk for case in cases if permissions.can_view_mediation_case(outsider, case)]
        named = set(MediationCase.objects.filter(named_people=councillor).values_list("pk", flat=True))
        assert set(visible) == named and len(cases) == count and len(named) >= count // 4
        assert hidden == []


def test_a_named_persons_case_page_costs_what_the_requesters_does(
    client, people, council_a, login_as, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_cases(people, council_a, 1)  # case 0: asked for by the chair, the councillor named on it
    from members.models import MediationCase

    case = MediationCase.objects.get()
    counts = {}
    for role in ("chair_a", "councillor_a"):
        login_as(role)
        client.get(f"/mediation/cases/{case.pk}/")  # the session's first page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/mediation/cases/{case.pk}/").status_code == 200
        counts[role] = len(queries)
    assert counts["councillor_a"] == counts["chair_a"], counts
