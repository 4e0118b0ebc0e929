"""Staff results of a round (with filters and the CSV/XLSX export), the round-on-round
comparison, and the members' summary that staff publish. Thin: permission -> form ->
selector/service -> render. To anyone without the power the pages do not exist (404)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kalc_portal.spreadsheets import escape_formula
from surveys import charts, permissions, results
from surveys.forms.results import ResultsFilterForm
from surveys.models import LIKERT_LABELS, SummaryPublication, Survey
from surveys.services import summaries as services

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff_survey(request, pk) -> Survey:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None or not permissions.can_view_results(request.user, survey):
        raise Http404("No such survey.")
    return survey


def _rate_groups(rates):
    return [("area committee", rates.by_area_committee), ("district", rates.by_district)]


def _with_charts(question_results, prefix):
    return [(result, charts.result_chart(result, prefix=prefix)) for result in question_results]


@login_required
def survey_results(request, pk):
    survey = _staff_survey(request, pk)
    form = ResultsFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors show by their fields; the valid filters still apply
    filters = form.filters()
    rates = results.response_rates(survey, filters)
    context = {
        "survey": survey,
        "form": form,
        "filters": filters,
        "querystring": form.querystring(),
        "results": _with_charts(results.question_results(survey, filters), "result"),
        "text_shown": results.TEXT_SHOWN,
        "likert_labels": LIKERT_LABELS,
        "rates": rates,
        "rate_groups": _rate_groups(rates),
        "publication": SummaryPublication.objects.filter(survey=survey).first(),
    }
    return render(request, "surveys/results.html", context)


def _export(request, pk):
    survey = _staff_survey(request, pk)
    form = ResultsFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    rows = results.export_rows(survey, form.filters())
    return survey, ([escape_formula(cell) for cell in row] for row in rows)


@login_required
def survey_results_csv(request, pk):
    survey, rows = _export(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.round}-{survey.pk}-responses.csv"'
    )
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    csv.writer(response).writerows(rows)
    return response


@login_required
def survey_results_xlsx(request, pk):
    from openpyxl import Workbook

    survey, rows = _export(request, pk)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.round}-{survey.pk}-responses.xlsx"'
    )
    return response


@login_required
def survey_compare(request, pk):
    survey = _staff_survey(request, pk)
    comparisons = results.round_comparison(survey)
    context = {
        "survey": survey,
        "comparisons": [(c, charts.comparison_chart(c)) for c in comparisons],
    }
    return render(request, "surveys/compare.html", context)


def _render_summary(request, survey, status=200):
    rates = results.response_rates(survey)
    question_results = [r for r in results.question_results(survey, with_text=False) if not r.is_text]
    for result in question_results:
        # A Likert statement fewer than five councils rated is a small group too.
        result.statements = [s for s in result.statements if s.answered >= results.SUMMARY_MIN_GROUP]
        if result.kind == "likert" and not result.statements:
            result.answered = 0
    context = {
        "survey": survey,
        "rates": rates,
        "rate_groups": _rate_groups(rates),
        "likert_labels": LIKERT_LABELS,
        "results": _with_charts([r for r in question_results if not r.suppressed], "summary"),
        "suppressed": [r for r in question_results if r.suppressed],
        "min_group": results.SUMMARY_MIN_GROUP,
        "publication": SummaryPublication.objects.filter(survey=survey).first(),
        "can_publish": permissions.can_publish_summary(request.user, survey),
        "is_office": permissions.can_run_surveys(request.user),
    }
    return render(request, "surveys/summary.html", context, status=status)


@login_required
def survey_summary(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if not permissions.can_view_summary(request.user, survey):
        raise Http404("No such summary.")
    if request.method != "POST":
        return _render_summary(request, survey)
    if not permissions.can_run_surveys(request.user):
        raise Http404("No such summary.")
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.survey_summary_publish(survey_id=survey.pk, user=request.user)
            messages.success(request, "The summary is published: members can read it now.")
        elif action == "withdraw":
            services.survey_summary_withdraw(survey_id=survey.pk)
            messages.success(request, "The summary is withdrawn: only the office can see it.")
        else:
            messages.error(request, "Choose to publish or withdraw the summary. Nothing was changed.")
            return _render_summary(request, survey, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_summary(request, survey, status=400)
    return redirect(request.path)
