"""Feedback after an event: the attendee's form, and the comments for the people running
training. Thin: permission -> form -> service/selector -> render. Someone without a place
on the event finds no form (not found), as with a booking they may not see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from kalc_portal.pagination import requested_page_number
from training import permissions
from training.forms.feedback import FeedbackForm
from training.selectors import events as event_selectors
from training.selectors import feedback as feedback_selectors
from training.services import feedback as feedback_services
from training.views.booking import add_service_error

PAGE_SIZE = 50


@login_required
def event_feedback(request, slug):
    event = event_selectors.event_by_slug(request.user, slug)
    place = feedback_selectors.place_for_feedback(event=event, user=request.user) if event else None
    if not permissions.can_give_feedback(request.user, place):
        raise Http404("No place of yours on this event.")
    given = feedback_selectors.feedback_given(place)
    closed = feedback_services.feedback_closed_reason(event, timezone.now())
    form = FeedbackForm(request.POST or None) if not (given or closed) else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            feedback_services.event_feedback_create(
                event_id=event.pk,
                by=request.user,
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Thank you for your feedback on {event.title}.")
            return redirect("training:event_feedback", slug=event.slug)
    return render(
        request,
        "training/event_feedback.html",
        {"event": event, "place": place, "given": given, "closed": closed, "form": form},
    )


@login_required
def staff_event_feedback(request, slug):
    if not permissions.can_read_feedback(request.user):
        raise PermissionDenied
    event = event_selectors.event_by_slug(request.user, slug)
    if event is None:
        raise Http404("No such event.")
    paginator = Paginator(feedback_selectors.feedback_for_event(event), PAGE_SIZE)
    page = paginator.get_page(requested_page_number(request.GET.get("page")) or 1)
    return render(
        request,
        "training/staff/event_feedback.html",
        {"event": event, "page": page, "summary": feedback_selectors.feedback_summary(event)},
    )
