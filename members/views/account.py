"""Views for "My account": profile, preferences, personal data export, account deletion,
and the office's deletion queue. Thin: permission -> form -> service/selector -> render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kalc_portal.pagination import page_of
from members import permissions, selectors
from members.forms.account import DeletionDecisionForm, DeletionRequestForm, PreferencesForm, ProfileForm
from members.selectors import account as account_selectors
from members.services import account as account_services

QUEUE_PAGE_SIZE = 100


def _require_own_account(user) -> None:
    if not permissions.can_manage_own_account(user):
        raise PermissionDenied


def _posted(request):
    # An empty POST (every box unticked) is still a submission to validate.
    return request.POST if request.method == "POST" else None


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    _require_own_account(request.user)
    user = request.user
    form = ProfileForm(_posted(request), initial={"full_name": user.full_name, "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        account_services.user_profile_update(user=user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("members:account")
    return render(
        request,
        "members/account/profile.html",
        {"form": form, "current_positions": selectors.positions_for_user(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_preferences(request):
    _require_own_account(request.user)
    user = request.user
    form = PreferencesForm(
        _posted(request),
        initial={"newsletter_opt_in": user.newsletter_opt_in, "forum_digest": user.forum_digest},
    )
    if request.method == "POST" and form.is_valid():
        account_services.user_preferences_update(user=user, **form.cleaned_data)
        messages.success(request, "Preferences saved.")
        return redirect("members:account_preferences")
    return render(request, "members/account/preferences.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_export(request):
    """GET explains the download; POST (a button, so nothing prefetches it) sends the file."""
    _require_own_account(request.user)
    if request.method == "GET":
        return render(request, "members/account/export.html")
    data = account_selectors.personal_data_export(request.user)
    filename = f"kalc-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    _require_own_account(request.user)
    user = request.user
    pending = account_selectors.pending_deletion_request(user)
    form = DeletionRequestForm()
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if pending is None:
            messages.info(request, "You have no deletion request waiting, so there was nothing to cancel.")
            return redirect("members:account_delete")
        try:
            account_services.account_deletion_request_cancel(deletion_request=pending, cancelled_by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your deletion request is cancelled. Your account stays as it is.")
        return redirect("members:account_delete")
    if request.method == "POST":
        form = DeletionRequestForm(request.POST)
        if form.is_valid():
            try:
                account_services.account_deletion_request_create(
                    user=user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request, "Your request has been sent to the KALC office. We have emailed you a copy."
                )
                return redirect("members:account_delete")
    return render(request, "members/account/delete.html", {"form": form, "pending": pending})


def _decide(request, form: DeletionDecisionForm) -> None:
    """Carry out a valid decision from the queue; ValidationError when it is already decided."""
    deletion_request = form.cleaned_data["deletion_request"]
    name = deletion_request.user.get_full_name()
    if form.cleaned_data["decision"] == DeletionDecisionForm.CONFIRM:
        account_services.account_deletion_request_confirm(
            deletion_request=deletion_request, decided_by=request.user
        )
        messages.success(request, f"{name}'s account has been anonymised and they have been told.")
    else:
        account_services.account_deletion_request_cancel(
            deletion_request=deletion_request, cancelled_by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"{name}'s request is cancelled and they have been told why.")


def _queue_rows(page, bound_row_form: DeletionDecisionForm | None) -> list[dict]:
    rows = []
    for deletion_request in page.object_list:
        row_form = None
        if (
            bound_row_form is not None
            and bound_row_form.cleaned_data["deletion_request"].pk == deletion_request.pk
        ):
            row_form = bound_row_form
        rows.append(
            {
                "request": deletion_request,
                "respond_by": account_selectors.respond_by(deletion_request.requested_at),
                "cancel_form": row_form
                or DeletionDecisionForm(
                    initial={"request": deletion_request.pk, "decision": DeletionDecisionForm.CANCEL},
                    auto_id=f"id_request_{deletion_request.pk}_%s",
                ),
                "open": row_form is not None,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def deletion_queue(request):
    if not permissions.can_confirm_account_deletion(request.user):
        raise PermissionDenied
    pending_requests = account_selectors.pending_deletion_requests()
    error_form = bound_row_form = None
    if request.method == "POST":
        form = DeletionDecisionForm(request.POST, pending_requests=pending_requests)
        if form.is_valid():
            try:
                _decide(request, form)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect("members:deletion_queue")
        if form.has_error("reason") and "deletion_request" in form.cleaned_data:
            # Shown again inside its own row, whose fields carry ids unique on the page.
            form.auto_id = f"id_request_{form.cleaned_data['deletion_request'].pk}_%s"
            bound_row_form = form
        else:
            error_form = form
    page = page_of(Paginator(pending_requests, QUEUE_PAGE_SIZE), request.GET.get("page"))
    return render(
        request,
        "members/account/deletion_queue.html",
        {
            "page": page,
            "rows": _queue_rows(page, bound_row_form),
            "error_form": error_form,
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("account/", account, name="account"),
    path("account/preferences/", account_preferences, name="account_preferences"),
    path("account/export/", account_export, name="account_export"),
    path("account/delete/", account_delete, name="account_delete"),
    path("account/deletion-requests/", deletion_queue, name="deletion_queue"),
]
