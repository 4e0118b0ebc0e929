"""The surveys waiting for a person's councils, a council's response (section by section),
submitting it, and the staff preview. Thin: permission -> service/selector -> render.
A response someone may not open is "not found"; signed-out visitors are asked to sign in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from members.models import Council
from surveys import logic, permissions, selectors
from surveys.models import Response, SummaryPublication, Survey
from surveys.services import responses as services


@login_required
def survey_list(request):
    lines = selectors.surveys_waiting(permissions.answering_councils(request.user))
    staff_surveys = list(Survey.objects.all()) if permissions.can_run_surveys(request.user) else []
    published_summaries = list(
        SummaryPublication.objects.filter(survey__status=Survey.Status.CLOSED)
        .select_related("survey")
        .order_by("-survey__round", "survey__title")
    )
    context = {"lines": lines, "staff_surveys": staff_surveys, "published_summaries": published_summaries}
    return render(request, "surveys/survey_list.html", context)


def _load(request, pk, slug):
    survey = Survey.objects.filter(pk=pk).first()
    council = Council.objects.filter(slug=slug).first()
    if survey is None or council is None or not permissions.can_view_response(request.user, survey, council):
        raise Http404("No such response.")
    response = (
        Response.objects.filter(survey=survey, council=council)
        .select_related("submitted_by", "reopened_by")
        .first()
    )
    return survey, council, response


def _render(request, survey, council, response, *, status=200, **layout):
    user = request.user
    context = {
        "survey": survey,
        "council": council,
        "response": response,
        "version": response.version if response else 0,
        "sections": selectors.response_layout(survey, response, **layout),
        "can_edit": permissions.can_edit_response(user, survey, council, response),
        "can_submit": permissions.can_submit_response(user, survey, council, response),
        "can_reopen": permissions.can_reopen_response(user, survey, response),
        "posted_section": layout.get("posted_section"),
        "has_conflicts": bool(layout.get("conflicts")),
    }
    return render(request, "surveys/response.html", context, status=status)


@login_required
def response_page(request, pk, slug):
    survey, council, response = _load(request, pk, slug)
    if request.method != "POST":
        return _render(request, survey, council, response)
    if not permissions.can_edit_response(request.user, survey, council, response):
        raise PermissionDenied("You cannot change this response.")
    section = next((s for s in survey.sections.all() if str(s.pk) == request.POST.get("section")), None)
    if section is None:
        messages.error(request, "That section is not part of this survey. Nothing was saved.")
        return _render(request, survey, council, response, status=400)
    questions = list(section.questions.prefetch_related("statements"))
    known = {logic.field_name(q) for q in questions}
    posted = {q.key: logic.raw_value(q, request.POST) for q in questions}
    for name in request.POST:
        if name.startswith("q-") and name not in known and not any(name.startswith(f + "-") for f in known):
            posted[name[2:]] = request.POST.get(name)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        result = services.response_section_save(
            survey_id=survey.pk,
            council_id=council.pk,
            section_id=section.pk,
            answers=posted,
            started_version=version,
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render(request, survey, council, response, status=400)
    if result.ok:
        messages.success(request, f"“{section.title}” saved as a draft.")
        return redirect(f"{request.path}#section-{section.pk}")
    if result.conflicts:
        messages.error(
            request,
            f"Someone else saved “{section.title}” since you opened it. Nothing of yours was saved: "
            "compare the answers below and save again to keep yours.",
        )
    else:
        messages.warning(
            request,
            f"“{section.title}”: the answers without a problem are saved; "
            "correct the ones marked and save again.",
        )
    return _render(
        request,
        survey,
        council,
        result.response,
        posted_section=section.pk,
        posted=posted,
        errors=result.errors,
        conflicts=result.conflicts,
    )


@login_required
@require_POST
def response_submit(request, pk, slug):
    survey, council, response = _load(request, pk, slug)
    if not permissions.can_submit_response(request.user, survey, council, response):
        raise PermissionDenied("Only the clerk or deputy clerk submits the council's response.")
    try:
        services.response_submit(survey_id=survey.pk, council_id=council.pk, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render(request, survey, council, response, status=400)
    messages.success(request, f"{council.display_name}'s response is submitted. Thank you.")
    return redirect(request.path.removesuffix("submit/"))


@login_required
def survey_preview(request, pk):
    if not permissions.can_run_surveys(request.user):
        raise Http404("No such survey.")
    survey = get_object_or_404(Survey, pk=pk)
    context = {"survey": survey, "sections": selectors.response_layout(survey, None), "preview": True}
    return render(request, "surveys/response.html", context)
