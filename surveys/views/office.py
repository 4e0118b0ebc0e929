"""Staff pages for running a survey: the councils that have not responded (HTML and CSV,
by area committee and district, with those that have no clerk to invite) and reopening a
submitted response. Staff only; to anyone else they do not exist (404)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kalc_portal.spreadsheets import escape_formula
from members.models import Council
from surveys import permissions, selectors
from surveys.models import Survey
from surveys.services import responses as services
from surveys.services import templates as survey_templates

CSV_HEADER = [
    "Area committee", "District", "Council", "Clerk", "Clerk email", "Draft saved", "Emails sent",
    "Last email",
]  # fmt: skip


def _survey_for_staff(request, pk) -> Survey:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None or not permissions.can_see_non_responders(request.user, survey):
        raise Http404("No such survey.")
    return survey


@login_required
def non_responders(request, pk):
    survey = _survey_for_staff(request, pk)
    lines = selectors.non_responders(survey)
    return render(
        request,
        "surveys/non_responders.html",
        {"survey": survey, "lines": lines, "without_clerk": [line for line in lines if line.clerk is None]},
    )


def _csv_rows(lines):
    for line in lines:
        clerk = line.clerk
        yield [
            line.council.area_committee.name,
            line.council.district,
            line.council.display_name,
            clerk.get_full_name() if clerk else "No current clerk",
            clerk.email if clerk else "",
            "yes" if line.response else "no",
            line.notices_sent,
            timezone.localtime(line.last_notice_at).strftime("%Y-%m-%d %H:%M") if line.last_notice_at else "",
        ]


@login_required
def non_responders_csv(request, pk):
    survey = _survey_for_staff(request, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in _csv_rows(selectors.non_responders(survey)):
        writer.writerow([escape_formula("" if cell is None else str(cell)) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.round}-non-responders.csv"'
    return response


@login_required
@require_POST
def response_reopen(request, pk, slug):
    survey = Survey.objects.filter(pk=pk).first()
    council = Council.objects.filter(slug=slug).first()
    if survey is None or council is None or not permissions.can_run_surveys(request.user):
        raise Http404("No such response.")
    page = reverse("surveys:response", args=[survey.pk, council.slug])
    try:
        services.response_reopen(survey_id=survey.pk, council_id=council.pk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page)
    messages.success(
        request, f"{council.display_name}'s response is reopened: its officers can change it again."
    )
    return redirect(page)


@login_required
@require_POST
def template_publish(request, pk):
    """Publish the survey's questions as a PDF template in the knowledge bank (a new
    version each time, so earlier downloaders are told it was superseded)."""
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None or not permissions.can_publish_template(request.user, survey):
        raise Http404("No such survey.")
    try:
        published = survey_templates.survey_template_publish(survey_id=survey.pk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:results", pk=survey.pk)
    messages.success(
        request,
        f"The survey's questions are published as a template (version {published.version}): {published.url}",
    )
    return redirect("surveys:results", pk=survey.pk)
