"""Staff pages for the people running training (office staff and the Training officer
group, who need not be office staff): events with fill rate and waiting lists, and the
bookings to invoice with a CSV export. Events are edited in the admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kalc_portal.pagination import requested_page_number
from training import exports, permissions
from training.selectors import staff as staff_selectors

PAGE_SIZE = 50


def _require_manager(request) -> None:
    if not permissions.can_manage_training(request.user):
        raise PermissionDenied


@login_required
def staff_events(request):
    _require_manager(request)
    period = "past" if request.GET.get("period") == "past" else "upcoming"
    paginator = Paginator(staff_selectors.events_for_staff(period=period), PAGE_SIZE)
    page = paginator.get_page(requested_page_number(request.GET.get("page")) or 1)
    return render(
        request,
        "training/staff/events.html",
        {
            "page": page,
            "period": period,
            "can_edit_in_admin": permissions.can_edit_events_in_admin(request.user),
        },
    )


@login_required
def staff_invoices(request):
    _require_manager(request)
    paginator = Paginator(staff_selectors.bookings_to_invoice(), PAGE_SIZE)
    page = paginator.get_page(requested_page_number(request.GET.get("page")) or 1)
    return render(request, "training/staff/invoices.html", {"page": page})


@login_required
def staff_invoices_csv(request):
    _require_manager(request)
    body = exports.csv_text(
        exports.INVOICE_HEADER, exports.invoice_rows(staff_selectors.bookings_to_invoice())
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"training-to-invoice-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
