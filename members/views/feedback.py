"""Feedback and questions to the office. Thin: permission -> form -> service/selector
-> render. An item that someone may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from kalc_portal.pagination import page_of
from members import permissions
from members.forms.feedback import FeedbackAnswerForm, FeedbackForm, FeedbackQueueFilterForm
from members.models import Feedback
from members.selectors import feedback as feedback_selectors
from members.services import feedback as feedback_services

QUEUE_PAGE_SIZE = 50


def _visible_feedback(request, pk) -> Feedback:
    feedback = feedback_selectors.feedback_detail(pk)
    if feedback is None or not permissions.can_view_feedback(request.user, feedback):
        raise Http404("No such feedback.")
    return feedback


def _answerable_feedback(request, pk) -> Feedback:
    feedback = _visible_feedback(request, pk)
    if not permissions.can_answer_feedback(request.user):
        raise PermissionDenied
    return feedback


def _render_detail(request, feedback, *, answer_form=None, status=200):
    context = {"feedback": feedback, "can_answer": permissions.can_answer_feedback(request.user)}
    # A refused answer keeps its form (and what was typed) even when someone else got there first.
    if context["can_answer"] and (answer_form is not None or feedback.status == Feedback.Status.OPEN):
        context["answer_form"] = answer_form or FeedbackAnswerForm()
    return render(request, "members/feedback/feedback_detail.html", context, status=status)


@login_required
def feedback_create(request):
    if not permissions.can_send_feedback(request.user):
        raise PermissionDenied
    form = FeedbackForm(
        request.POST or None,
        initial={"area_committee": feedback_selectors.default_area_committee_for(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            feedback = feedback_services.feedback_create(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Thank you. Your message is with the office; we will reply here and by email."
            )
            return redirect("members:feedback_detail", pk=feedback.pk)
    return render(request, "members/feedback/feedback_form.html", {"form": form})


@login_required
def feedback_mine(request):
    if not permissions.can_send_feedback(request.user):
        raise PermissionDenied
    items = list(feedback_selectors.feedback_by_author(request.user))
    return render(request, "members/feedback/feedback_mine.html", {"items": items})


@login_required
def feedback_queue(request):
    if not permissions.can_answer_feedback(request.user):
        raise PermissionDenied
    form = FeedbackQueueFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "status": form.cleaned_data["status"],
            "area_committee": form.cleaned_data["area_committee"],
        }
    page = page_of(
        Paginator(feedback_selectors.feedback_queue(**filters), QUEUE_PAGE_SIZE), request.GET.get("page")
    )
    return render(request, "members/feedback/feedback_queue.html", {"form": form, "page": page})


@login_required
def feedback_detail(request, pk):
    return _render_detail(request, _visible_feedback(request, pk))


@login_required
@require_POST
def feedback_answer(request, pk):
    feedback = _answerable_feedback(request, pk)
    form = FeedbackAnswerForm(request.POST)
    if form.is_valid():
        try:
            feedback_services.feedback_answer(
                feedback=feedback, answered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your answer has been sent to {feedback.author.get_full_name()}.")
            return redirect("members:feedback_detail", pk=feedback.pk)
    return _render_detail(request, feedback, answer_form=form)


@login_required
@require_POST
def feedback_close(request, pk):
    feedback = _answerable_feedback(request, pk)
    try:
        feedback_services.feedback_close(feedback=feedback, closed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The item is closed.")
    return redirect("members:feedback_detail", pk=feedback.pk)


urlpatterns = [
    path("feedback/", feedback_create, name="feedback_create"),
    path("feedback/mine/", feedback_mine, name="feedback_mine"),
    path("feedback/queue/", feedback_queue, name="feedback_queue"),
    path("feedback/<int:pk>/", feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/answer/", feedback_answer, name="feedback_answer"),
    path("feedback/<int:pk>/close/", feedback_close, name="feedback_close"),
]
