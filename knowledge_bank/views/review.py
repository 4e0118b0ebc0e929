"""The review board (staff) and the "Mark reviewed" action. Thin: permission ->
form -> service/selector -> render. Signed-out people are sent to sign in; signed-in
people who are not staff get 403, like the members' staff queues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from knowledge_bank import permissions
from knowledge_bank.forms.review import MarkReviewedForm, ReviewBoardFilterForm
from knowledge_bank.models import Resource
from knowledge_bank.selectors import review as review_selectors
from knowledge_bank.services import review as review_services


@login_required
@require_safe
def review_board(request):
    """Without a hub filter, every hub's earliest due items (a section each, with a link
    to the rest); with one, that hub's due items a page at a time. Either way a fixed,
    small number of queries, each stopping after a LIMIT (see selectors.review)."""
    if not permissions.can_view_review_board(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReviewBoardFilterForm(request.GET or None)
    filters = form.filters()
    window = filters["window"]
    context = {
        "form": form,
        "today": today,
        "window": window,
        "window_label": review_selectors.REVIEW_WINDOWS[window][0],
        "window_end": review_selectors.review_window_end(today, window),
        "section_size": review_selectors.SECTION_SIZE,
    }
    if filters["hub"]:
        hub = form.hub_named(filters["hub"])
        hub_page = review_selectors.review_board_hub_page(
            today=today, window=window, hub=hub, page=request.GET.get("page")
        )
        # The one hub's page is shown as the board's only section, with the same table.
        sections = (
            [review_selectors.BoardSection(hub=hub, entries=hub_page.entries)] if hub_page.entries else []
        )
        context |= {"hub_page": hub_page, "page": hub_page.page, "hub": hub, "sections": sections}
    else:
        sections = review_selectors.review_board_sections(today=today, window=window, hubs=form.hubs)
        total, total_capped = review_selectors.review_board_total(today=today, window=window)
        context |= {"sections": sections, "total": total, "total_capped": total_capped}
    return render(request, "knowledge_bank/review_board.html", context)


def _back_to(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: anything else ("²", "home") would be taken for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def mark_reviewed(request, slug):
    resource = Resource.objects.filter(slug=slug).first()
    if resource is None or not permissions.can_view_resource(request.user, resource):
        raise Http404("No such resource.")
    if not permissions.can_mark_reviewed(request.user, resource):
        raise PermissionDenied
    form = MarkReviewedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
    else:
        try:
            resource = review_services.resource_mark_reviewed(
                resource=resource, reviewed_by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"“{resource.title}” is marked reviewed. "
                f"The next review is due on {date_format(resource.review_due, 'j F Y')}.",
            )
    return redirect(_back_to(request, reverse("knowledge_bank:review_board")))


urlpatterns = [
    path("review/", review_board, name="review_board"),
    path("<slug:slug>/reviewed/", mark_reviewed, name="mark_reviewed"),
]
