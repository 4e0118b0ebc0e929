"""Results on a seeded round with known answers: counts and percentages exactly, per
group and under the filters; hidden and draft answers left out; the published summary's
small-group suppression; the comparison; the exports; bad filter input."""

import csv
import io

import pytest
from openpyxl import load_workbook

from members.models import AreaCommittee
from members.tests.factories import sign_in, staff_user
from surveys import results
from surveys.models import Answer
from surveys.tests.results_data import earlier_round, seeded_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return seeded_round()


@pytest.fixture
def staff_client(client):
    sign_in(client, staff_user(full_name="Office Staff"))
    return client


def by_key(result_list):
    return {r.question.key: r for r in result_list}


def bars(result):
    return [(b.value, b.count, b.percent) for b in result.bars]


def test_response_rates_overall_per_area_committee_and_per_district(survey):
    rates = results.response_rates(survey)
    assert (rates.overall.councils, rates.overall.responded, rates.overall.percent) == (10, 9, 90.0)
    assert [(r.label, r.councils, r.responded, r.percent) for r in rates.by_area_committee] == [
        ("Dover Area Committee", 7, 6, 85.7),
        ("Thanet Area Committee", 3, 3, 100.0),
    ]
    assert [(r.label, r.councils, r.responded) for r in rates.by_district] == [
        ("Dover", 7, 6),
        ("Thanet", 3, 3),
    ]


def test_every_question_counts_only_submitted_shown_answers(survey):
    got = by_key(results.question_results(survey))
    assert got["used-legal"].answered == 9
    assert bars(got["used-legal"]) == [("yes", 5, 55.6), ("no", 4, 44.4)]
    # d7's draft rating of 1 and t3's stale answer to the hidden rating are not counted.
    rating = got["legal-rating"]
    assert rating.answered == 5
    assert bars(rating) == [(1, 0, 0.0), (2, 1, 20.0), (3, 1, 20.0), (4, 1, 20.0), (5, 2, 40.0)]
    assert rating.mean == 3.8
    numbers = got["councillors"]
    assert (numbers.answered, numbers.mean, numbers.low, numbers.high) == (9, 8.0, 4, 12)
    services = got["services-used"]
    assert services.answered == 4
    assert bars(services) == [("training", 2, 50.0), ("legal", 2, 50.0), ("hr", 1, 25.0)]
    assert bars(got["contact"]) == [("email", 5, 62.5), ("phone", 3, 37.5)]
    fees, events = got["value"].statements
    assert (fees.answered, fees.mean, [b.count for b in fees.bars]) == (2, 3.0, [0, 1, 0, 1, 0])
    assert (events.answered, events.mean) == (1, 5.0)
    assert [(t.council, t.text) for t in got["comments"].texts] == [
        ("Council D1", "Great advice"),
        ("Council D6", '=HYPERLINK("http://evil.example","click")'),
    ]
    assert got["name"].answered == 0


def test_filters_by_area_committee_district_and_kind(survey):
    thanet = AreaCommittee.objects.get(district="Thanet")
    got = by_key(results.question_results(survey, results.Filters(area_committee=thanet)))
    assert bars(got["used-legal"]) == [("yes", 1, 33.3), ("no", 2, 66.7)]
    assert results.response_rates(survey, results.Filters(area_committee=thanet)).overall.responded == 3
    town = by_key(results.question_results(survey, results.Filters(kind="town")))
    assert bars(town["used-legal"]) == [("yes", 2, 100.0), ("no", 0, 0.0)]
    assert town["legal-rating"].mean == 4.5
    dover_parish = by_key(results.question_results(survey, results.Filters(district="Dover", kind="parish")))
    assert dover_parish["councillors"].answered == 4


def test_the_staff_page_shows_figures_charts_and_free_text(staff_client, survey):
    page = staff_client.get(f"/surveys/{survey.pk}/results/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('role="img"') == 5  # the five choice-like questions; numbers and text have none
    assert '<title id="result-used-legal-title">' in html
    assert "style=" not in html.split("<main", 1)[-1]
    assert "Great advice" in html and "55.6%" in html and "85.7%" in html
    filtered = staff_client.get(
        f"/surveys/{survey.pk}/results/?area_committee=thanet-area-committee&kind=parish"
    )
    assert "33.3%" in filtered.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "area_committee=nowhere",
        "district=%00",
        "kind=" + "x" * 5000,
        "area_committee[]=1&district=Dover&district=Thanet",
        "kind=town'--",
    ],
)
def test_bad_filter_input_is_harmless(staff_client, survey, query):
    page = staff_client.get(f"/surveys/{survey.pk}/results/?{query}")
    assert page.status_code == 200
    assert "<h1>Results: Member survey 2026</h1>" in page.content.decode()
    assert staff_client.get(f"/surveys/{survey.pk}/results.csv?{query}").status_code == 200


def test_an_unknown_area_committee_is_named_by_its_field_and_the_other_filters_apply(staff_client, survey):
    html = staff_client.get(
        f"/surveys/{survey.pk}/results/?area_committee=nowhere&kind=town"
    ).content.decode()
    assert 'id="id_area_committee-error"' in html and "Choose an area committee from the list." in html
    assert "100.0%" in html  # the kind filter still applied: both town councils used legal advice


def test_the_csv_export_has_one_row_per_council_and_escapes_formulae(staff_client, survey):
    response = staff_client.get(f"/surveys/{survey.pk}/results.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    heading, body = rows[0], rows[1:]
    assert heading[:5] == ["council", "district", "area_committee", "kind", "submitted_at"]
    assert heading[5:] == [
        "used-legal", "legal-rating", "councillors", "services-used", "contact",
        "value.fees", "value.events", "comments", "name",
    ]  # fmt: skip
    assert [r[0] for r in body] == [
        f"Council {s}" for s in ("D1", "D2", "D3", "D4", "D5", "D6", "T1", "T2", "T3")
    ]
    d1 = dict(zip(heading, body[0], strict=True))
    assert d1["services-used"] == "Training; Legal" and d1["value.fees"] == "4" and d1["used-legal"] == "Yes"
    t3 = dict(zip(heading, body[-1], strict=True))
    assert t3["legal-rating"] == ""  # hidden by its condition
    d6 = dict(zip(heading, body[5], strict=True))
    assert d6["comments"] == '\'=HYPERLINK("http://evil.example","click")'


def test_the_xlsx_export_opens_with_openpyxl_one_row_per_council(staff_client, survey):
    response = staff_client.get(f"/surveys/{survey.pk}/results.xlsx?kind=town")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert [r[0] for r in rows[1:]] == ["Council D1", "Council D2"]
    d1 = dict(zip(rows[0], rows[1], strict=True))
    assert d1["councillors"] == 10 and d1["legal-rating"] == 5 and d1["kind"] == "Town council"
    full = load_workbook(io.BytesIO(staff_client.get(f"/surveys/{survey.pk}/results.xlsx").content)).active
    assert full.max_row == 10  # heading + nine councils
    assert full.cell(row=7, column=13).value.startswith("'=")


def test_the_comparison_sets_this_round_beside_the_earlier_one_with_the_responses_behind_each(survey):
    earlier_round()
    comparisons = {c.question.key: c for c in results.round_comparison(survey)}
    assert set(comparisons) == {
        "used-legal",
        "legal-rating",
        "councillors",
        "services-used",
        "contact",
        "value",
    }
    rating = comparisons["legal-rating"]
    assert [s.round for s in rating.rounds] == [2024, 2026]
    assert rating.answered == [2, 5]
    rows = {row.label: row.cells for row in rating.rows}
    assert [(c.text, c.count) for c in rows["5 (excellent)"]] == [("0.0%", 0), ("40.0%", 2)]
    assert [c.text for c in rows["Mean rating (1 to 5)"]] == ["3.50", "3.80"]
    contact = {row.label: row.cells for row in comparisons["contact"].rows}
    assert [(c.text, c.count) for c in contact["Phone"]] == [("66.7%", 2), ("37.5%", 3)]
    assert comparisons["councillors"].rows[0].cells[0].text == "9.33"


def test_the_compare_page_draws_a_chart_and_a_table_per_shared_question(staff_client, survey):
    earlier_round()
    html = staff_client.get(f"/surveys/{survey.pk}/compare/").content.decode()
    assert html.count('role="img"') == 6
    assert "Responses behind the figures" in html and "<td>2</td><td>5</td>" in html


def test_a_round_with_no_earlier_round_says_so(staff_client, survey):
    html = staff_client.get(f"/surveys/{survey.pk}/compare/").content.decode()
    assert "No earlier round asked any of this round" in html


def test_the_summary_hides_groups_under_five_and_never_shows_free_text(staff_client, survey):
    html = staff_client.get(f"/surveys/{survey.pk}/summary/").content.decode()
    # Dover (6 responses) is shown; Thanet (3) is not.
    assert "85.7%" in html and "100.0%" not in html
    assert html.count("Fewer than 5 responses: not shown") == 2  # Thanet's committee and district
    # Services used (4 answers) and the Likert grid (2) are listed as not shown.
    assert 'id="summary-services-used-heading"' not in html and 'id="summary-value-heading"' not in html
    assert "Which services?" in html.split("Not shown", 1)[1]
    assert "55.6%" in html and 'id="summary-legal-rating-heading"' in html
    assert "Great advice" not in html and "HYPERLINK" not in html and "Council D1" not in html
    # Numbers: the mean only (a lowest or highest figure is one council's answer).
    assert "Lowest" not in html


def test_members_find_a_published_summary_in_the_survey_list(client, survey):
    from members.models import Position
    from members.tests.factories import PositionFactory
    from surveys.models import Survey
    from surveys.services import summaries

    clerk = PositionFactory(council__slug="elsewhere", role=Position.Role.CLERK).user
    sign_in(client, clerk)
    assert f"/surveys/{survey.pk}/summary/" not in client.get("/surveys/").content.decode()
    assert client.get(f"/surveys/{survey.pk}/summary/").status_code == 404
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    summaries.survey_summary_publish(survey_id=survey.pk, user=staff_user())
    assert f"/surveys/{survey.pk}/summary/" in client.get("/surveys/").content.decode()
    html = client.get(f"/surveys/{survey.pk}/summary/").content.decode()
    assert "55.6%" in html and "Publish the summary" not in html and "Great advice" not in html


def test_publishing_is_refused_until_the_round_closes_and_is_idempotent(survey):
    from django.core.exceptions import ValidationError

    from surveys.models import SummaryPublication, Survey
    from surveys.services import summaries

    staff = staff_user()
    with pytest.raises(ValidationError, match="close the survey first"):
        summaries.survey_summary_publish(survey_id=survey.pk, user=staff)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    first = summaries.survey_summary_publish(survey_id=survey.pk, user=staff)
    again = summaries.survey_summary_publish(survey_id=survey.pk, user=staff_user())
    assert first.pk == again.pk and again.published_by == staff
    summaries.survey_summary_withdraw(survey_id=survey.pk)
    assert not SummaryPublication.objects.exists()


def test_the_summary_hides_a_likert_statement_rated_by_fewer_than_five(staff_client):
    from surveys.tests.results_data import bulk_round

    survey = bulk_round(6)
    # Every bulk response rates both statements; take "events" away from two of them.
    for answer in list(
        Answer.objects.filter(response__survey=survey, question_key="value").order_by("pk")[:2]
    ):
        answer.value = {"fees": answer.value["fees"]}
        answer.save()
    html = staff_client.get(f"/surveys/{survey.pk}/summary/").content.decode()
    assert "Statement fees" in html and "Statement events" not in html
    staff_html = staff_client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "Statement events" in staff_html
