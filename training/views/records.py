"""The register (staff mark who came to each session), certificates of attendance, and
training records: a person's own and a council's (with its CSV, the evidence for the Local
Council Award Scheme). Thin: permission -> form -> service/selector -> render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kalc_portal.pagination import requested_page_number
from kalc_portal.parsing import parse_page_number
from members.selectors import directory as member_selectors
from training import certificates, exports, permissions
from training.forms.attendance import RegisterForm
from training.selectors import records as record_selectors
from training.services import attendance as attendance_services
from training.views.booking import add_service_error

PAGE_SIZE = 50


def _chosen_session(sessions, requested):
    """The session asked for, else the latest that has started, else the first."""
    number = parse_page_number(requested) if requested is not None else None
    chosen = next((s for s in sessions if s.pk == number), None)
    if chosen is None:
        started = [s for s in sessions if s.starts_at <= timezone.now()]
        chosen = started[-1] if started else (sessions[0] if sessions else None)
    return chosen


def _checked_ids(form) -> set[str]:
    """The boxes to show ticked, as sent (compared as text: a sent "²" matches no place)."""
    if form is None:
        return set()
    values = form.data.getlist("present") if form.is_bound else form.initial.get("present", [])
    return {str(value) for value in values}


@login_required
def register(request, slug):
    if not permissions.can_mark_attendance(request.user):
        raise PermissionDenied
    event = record_selectors.event_for_register(slug)
    if event is None:
        raise Http404("No such event.")
    sessions = list(event.sessions.all())
    session = _chosen_session(sessions, request.POST.get("session") or request.GET.get("session"))
    places = record_selectors.register_places(session) if session else []
    form = None
    status = 200
    if session is not None:
        initial = {"session": session.pk, "present": [p.pk for p in places if p.present]}
        form = RegisterForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            sessions=sessions,
            places=places,
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    rows = attendance_services.attendance_mark(
                        session_id=form.cleaned_data["session"],
                        by=request.user,
                        present_place_ids=form.cleaned_data["present"],
                    )
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    came = sum(row.present for row in rows)
                    messages.success(request, f"Register saved: {came} of {len(rows)} present.")
                    url = reverse("training:register", args=[event.slug])
                    return redirect(f"{url}?session={session.pk}")
            status = 400 if form.errors else 200
    elif request.method == "POST":
        raise Http404("This event has no sessions.")
    return render(
        request,
        "training/staff/register.html",
        {
            "event": event,
            "sessions": sessions,
            "session": session,
            "places": places,
            "form": form,
            "session_started": session is not None and session.starts_at <= timezone.now(),
            "marked_count": sum(p.present is not None for p in places),
            "checked_ids": _checked_ids(form),
        },
        status=status,
    )


@login_required
def certificate(request, pk):
    place = record_selectors.place_for_certificate(pk)
    if place is None or not permissions.can_view_certificate(request.user, place):
        raise Http404("No such place.")
    if not place.attended or place.status != place.Status.CONFIRMED:
        raise Http404("There is a certificate only once attendance has been marked.")
    pdf = certificates.certificate_pdf(place, record_selectors.sessions_attended(place))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{place.event.slug}-{place.pk}.pdf"'
    return response


@login_required
def my_record(request):
    if not permissions.can_view_my_record(request.user):
        raise PermissionDenied
    places = list(record_selectors.record_for_person(request.user))
    return render(
        request,
        "training/records/my_record.html",
        {"places": places, "total_hours": sum(record_selectors.hours(p.attended_duration) for p in places)},
    )


def _council_for_record(request, slug):
    council = member_selectors.council_for_page(slug)
    if council is None:
        raise Http404("No such council.")
    if not permissions.can_view_council_record(request.user, council):
        raise PermissionDenied
    return council


@login_required
def council_record(request, slug):
    council = _council_for_record(request, slug)
    paginator = Paginator(record_selectors.record_for_council(council), PAGE_SIZE)
    page = paginator.get_page(requested_page_number(request.GET.get("page")) or 1)
    return render(request, "training/records/council_record.html", {"council": council, "page": page})


@login_required
def council_record_csv(request, slug):
    council = _council_for_record(request, slug)
    body = exports.csv_text(
        exports.RECORD_HEADER, exports.record_rows(record_selectors.record_for_council(council))
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"training-record-{council.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
