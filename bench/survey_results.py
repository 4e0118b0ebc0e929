"""One-off timing of the survey results at 10,000 responses x 40 questions (not a test:
run by hand, figures go in the notes).

    TEST_DATABASE_NAME=... .venv/bin/pytest bench/survey_results.py -s -p no:cacheprovider
"""

import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from members.tests.factories import sign_in, staff_user
from surveys.models import Answer, Survey
from surveys.tests.factories import build_survey
from surveys.tests.results_data import bulk_round

RESPONSES = 10_000


@pytest.mark.django_db
def test_bench_survey_results(client):
    started = time.perf_counter()
    bulk_round(RESPONSES // 2, survey=build_survey(round=2024, status=Survey.Status.CLOSED))
    survey = bulk_round(RESPONSES, survey=build_survey(round=2026, extra_questions=32))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"\nseeded {Answer.objects.filter(response__survey=survey).count():,} answers "
        f"to {survey.questions.count()} questions in {time.perf_counter() - started:.1f}s"
    )
    sign_in(client, staff_user())
    for page in [
        "results/",
        "results/?district=Bulk+1",
        "compare/",
        "summary/",
        "results.csv",
        "results.xlsx",
    ]:
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                response = client.get(f"/surveys/{survey.pk}/{page}")
                timings.append(time.perf_counter() - t)
            assert response.status_code == 200
        db = sum(float(q["time"]) for q in queries.captured_queries)
        print(
            f"{page:28} best {min(timings):6.2f}s  worst {max(timings):6.2f}s  "
            f"{len(queries)} queries, {db:.2f}s in SQL, {len(response.content) / 1e6:.1f} MB"
        )
        if page == "results/":
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]:
                print(f"    {float(q['time']):.2f}s  {q['sql'][:150]}")
        if page == "results.xlsx":
            rows = load_workbook(io.BytesIO(response.content)).active.max_row
            print(f"xlsx rows (heading + councils): {rows:,}")
