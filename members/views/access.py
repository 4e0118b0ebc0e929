"""Access requests, the office's queue of them, and accepting an invitation.
Thin: permission -> form -> service/selector -> render."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateformat import format as format_date

from kalc_portal import client_ip
from kalc_portal.pagination import page_of
from members import permissions
from members.forms.access import (
    AccessDeclineForm,
    AccessQueueFilterForm,
    AccessRequestForm,
    InvitationPasswordForm,
)
from members.models import AccessRequest
from members.selectors import access as selectors
from members.services import access as services

QUEUE_PAGE_SIZE = 25
# Gone for links that worked once, conflict for a post that has been filled since.
UNAVAILABLE_STATUS = {"unknown": 404, "expired": 410, "used": 410, "revoked": 410, "clerk_taken": 409}
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def access_request(request):
    if request.method == "POST":
        limit = services.access_request_rate_limit_consume(
            ip=client_ip.rate_limit_address(request), email=request.POST.get("email", "")
        )
        if limit.limited:
            response = render(request, "members/access/request_limited.html", status=429)
            response["Retry-After"] = str(limit.retry_after_seconds)
            return response
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            services.access_request_submit(**form.cleaned_data)
            return redirect("members:access_request_sent")
    else:
        form = AccessRequestForm()
    return render(request, "members/access/request_form.html", {"form": form})


def access_request_sent(request):
    return render(request, "members/access/request_sent.html")


@login_required
def access_queue(request):
    if not permissions.can_review_access_requests(request.user):
        raise PermissionDenied
    filter_form = AccessQueueFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = page_of(
        Paginator(selectors.access_requests_for_queue(status=status), QUEUE_PAGE_SIZE),
        request.GET.get("page"),
    )
    return render(
        request,
        "members/access/queue.html",
        {"filter_form": filter_form, "status": status, "page": page, "access_requests": page.object_list},
    )


@login_required
def access_request_review(request, pk):
    if not permissions.can_review_access_requests(request.user):
        raise PermissionDenied
    access_request = selectors.access_request_for_review(pk)
    if access_request is None:
        raise Http404
    decline_form = AccessDeclineForm()
    approve_errors: list[str] = []
    if request.method == "POST" and access_request.status != AccessRequest.Status.PENDING:
        messages.info(request, "This request has already been decided.")
        return redirect("members:access_request_review", pk=access_request.pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            try:
                invitation = services.access_request_approve(
                    access_request=access_request, decided_by=request.user
                )
            except ValidationError as error:
                approve_errors = error.messages
            else:
                messages.success(
                    request,
                    f"Approved. An invitation has gone to {invitation.email}; the link works until "
                    f"{format_date(timezone.localtime(invitation.expires_at), 'j F Y')}.",
                )
                return redirect("members:access_queue")
        elif action == "decline":
            decline_form = AccessDeclineForm(request.POST)
            if decline_form.is_valid():
                try:
                    services.access_request_decline(
                        access_request=access_request,
                        decided_by=request.user,
                        reason=decline_form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    decline_form.add_error(None, error)
                else:
                    messages.success(
                        request, f"Declined. {access_request.full_name} has been emailed the reason."
                    )
                    return redirect("members:access_queue")
        else:
            approve_errors = ["Choose Approve or Decline."]
    return render(
        request,
        "members/access/review.html",
        {
            "access_request": access_request,
            "decline_form": decline_form,
            "approve_errors": approve_errors,
            "existing_account": selectors.user_with_email(access_request.email),
        },
    )


def _unavailable(request, reason: str, invitation=None):
    return render(
        request,
        "members/access/invitation_unavailable.html",
        {"reason": reason, "invitation": invitation},
        status=UNAVAILABLE_STATUS.get(reason, 410),
    )


def invitation_accept(request, token):
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return _unavailable(request, "unknown")
    user = request.user
    if invitation.accepted_at is not None and user.is_authenticated and invitation.accepted_by_id == user.pk:
        messages.info(request, "You have already accepted this invitation.")
        return redirect("members:my_kalc")
    problem = selectors.invitation_problem(invitation)
    if problem:
        return _unavailable(request, problem, invitation)
    if user.is_authenticated and not permissions.can_accept_invitation(user, invitation):
        return render(
            request, "members/access/invitation_wrong_user.html", {"invitation": invitation}, status=403
        )

    invitee = selectors.user_with_email(invitation.email)
    if invitee is None or not invitee.has_usable_password():
        form = InvitationPasswordForm(request.POST or None, user=invitee)
        if request.method == "POST" and form.is_valid():
            try:
                position = services.invitation_accept(
                    invitation=invitation, password=form.cleaned_data["password1"]
                )
            except services.InvitationUnavailable as error:
                return _unavailable(request, error.reason, invitation)
            login(request, position.user, backend=SIGN_IN_BACKEND)
            messages.success(
                request, f"Welcome. You are now {position.get_role_display().lower()} of {position.council}."
            )
            return redirect("members:my_kalc")
        return render(
            request, "members/access/invitation_set_password.html", {"invitation": invitation, "form": form}
        )

    if not user.is_authenticated:
        return render(request, "members/access/invitation_sign_in.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            position = services.invitation_accept(invitation=invitation, user=user)
        except services.InvitationUnavailable as error:
            return _unavailable(request, error.reason, invitation)
        messages.success(request, f"You are now {position.get_role_display().lower()} of {position.council}.")
        return redirect("members:my_kalc")
    return render(request, "members/access/invitation_confirm.html", {"invitation": invitation})


urlpatterns = [
    path("access/request/", access_request, name="access_request"),
    path("access/request/sent/", access_request_sent, name="access_request_sent"),
    path("access/requests/", access_queue, name="access_queue"),
    path("access/requests/<int:pk>/", access_request_review, name="access_request_review"),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
]
