"""The public listing of events, with its filters. Thin: form -> selector -> render."""

from django.core.paginator import Paginator
from django.shortcuts import render

from kalc_portal.pagination import requested_page_number
from training import permissions
from training.forms.listing import EventFilterForm
from training.selectors import events as event_selectors

PAGE_SIZE = 20


def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    events = event_selectors.events_for_listing(request.user, filters)
    paginator = Paginator(events, PAGE_SIZE)
    page = paginator.get_page(requested_page_number(request.GET.get("page")) or 1)
    return render(
        request,
        "training/event_list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(vars(filters).values()),
            "can_manage": permissions.can_manage_training(request.user),
        },
    )
