"""KALC's confidential mediation service. Thin: permission -> form -> service/selector
-> render. A case that someone may not see answers 404: its existence is confidential."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from members import permissions
from members.forms.mediation import (
    MediationCaseFilterForm,
    MediationNamedPeopleForm,
    MediationRequestForm,
    MediationStatusForm,
)
from members.models import MediationCase
from members.selectors import mediation as mediation_selectors
from members.services import mediation as mediation_services


def _visible_case(request, pk) -> MediationCase:
    case = mediation_selectors.mediation_case_detail(pk)
    if case is None or not permissions.can_view_mediation_case(request.user, case):
        raise Http404("No such case.")
    return case


def _managed_case(request, pk) -> MediationCase:
    case = _visible_case(request, pk)
    if not permissions.can_manage_mediation_cases(request.user):
        raise PermissionDenied
    return case


def _render_case(request, case, *, status_form=None, people_form=None):
    context = {"case": case, "can_manage": permissions.can_manage_mediation_cases(request.user)}
    if context["can_manage"]:
        context["status_form"] = status_form or MediationStatusForm(case=case)
        context["people_form"] = people_form or MediationNamedPeopleForm(
            case=case, candidates=mediation_selectors.people_who_may_be_named(case)
        )
    return render(request, "members/mediation/case_detail.html", context)


@login_required
def mediation_request(request):
    councils = mediation_selectors.councils_for_mediation_request(request.user)
    if not councils:
        return render(request, "members/mediation/request_not_allowed.html", status=403)
    form = MediationRequestForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            case = mediation_services.mediation_case_create(requested_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Your request has been sent to KALC's mediation officers. We have emailed you an "
                "acknowledgement and an officer will contact you.",
            )
            return redirect("members:mediation_case_detail", pk=case.pk)
    return render(request, "members/mediation/request_form.html", {"form": form})


@login_required
def mediation_case_list(request):
    form = MediationCaseFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    cases = list(mediation_selectors.mediation_cases_for(request.user, status=status))
    is_officer = permissions.can_manage_mediation_cases(request.user)
    may_request = not is_officer and bool(mediation_selectors.councils_for_mediation_request(request.user))
    return render(
        request,
        "members/mediation/case_list.html",
        {"form": form, "cases": cases, "is_officer": is_officer, "may_request": may_request},
    )


@login_required
def mediation_case_detail(request, pk):
    return _render_case(request, _visible_case(request, pk))


@login_required
@require_POST
def mediation_case_status(request, pk):
    case = _managed_case(request, pk)
    form = MediationStatusForm(request.POST, case=case)
    if form.is_valid():
        try:
            change = mediation_services.mediation_case_status_change(
                case=case, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The case is now {change.get_status_display().lower()}. The requester will be emailed.",
            )
            return redirect("members:mediation_case_detail", pk=case.pk)
    return _render_case(request, case, status_form=form)


@login_required
@require_POST
def mediation_case_assign(request, pk):
    case = _managed_case(request, pk)
    mediation_services.mediation_case_assign(case=case, officer=request.user, assigned_by=request.user)
    messages.success(request, "You are now the officer for this case.")
    return redirect("members:mediation_case_detail", pk=case.pk)


@login_required
@require_POST
def mediation_case_people(request, pk):
    case = _managed_case(request, pk)
    form = MediationNamedPeopleForm(
        request.POST, case=case, candidates=mediation_selectors.people_who_may_be_named(case)
    )
    if form.is_valid():
        try:
            mediation_services.mediation_case_name_people(
                case=case, people=form.cleaned_data["named_people"], named_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The people named on this case have been updated.")
            return redirect("members:mediation_case_detail", pk=case.pk)
    return _render_case(request, case, people_form=form)


urlpatterns = [
    path("mediation/", mediation_request, name="mediation_request"),
    path("mediation/cases/", mediation_case_list, name="mediation_case_list"),
    path("mediation/cases/<int:pk>/", mediation_case_detail, name="mediation_case_detail"),
    path("mediation/cases/<int:pk>/status/", mediation_case_status, name="mediation_case_status"),
    path("mediation/cases/<int:pk>/assign/", mediation_case_assign, name="mediation_case_assign"),
    path("mediation/cases/<int:pk>/people/", mediation_case_people, name="mediation_case_people"),
]
