"""The results, comparison, summary and export run the same number of queries at 300 and
at 3,000 responses (aggregates are GROUP BY and conditional counts in PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.tests.factories import sign_in, staff_user
from surveys.models import Survey
from surveys.tests.factories import build_survey
from surveys.tests.results_data import bulk_round

pytestmark = pytest.mark.django_db

PAGES = [
    "results/",
    "results/?kind=parish&district=Bulk+1",
    "compare/",
    "summary/",
    "results.csv",
    "results.xlsx",
]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def measured(client):
    sign_in(client, staff_user())

    def measure(responses, year):
        earlier = bulk_round(
            responses // 10, survey=build_survey(round=year - 2, status=Survey.Status.CLOSED)
        )
        survey = bulk_round(responses, survey=build_survey(round=year, extra_questions=10))
        assert earlier.responses.count() == responses // 10
        return {page: _queries(client, f"/surveys/{survey.pk}/{page}") for page in PAGES}

    return measure


def test_the_results_pages_run_the_same_queries_at_ten_times_the_responses(measured):
    small = measured(300, 2026)
    large = measured(3000, 2022)  # compared with 2020 only, as 2026 is with 2024
    assert small == large
    assert max(small.values()) <= 30, small
