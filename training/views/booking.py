"""The event page with its booking form, a booking's page (cancel places), waiting-list
offers, and My bookings. Thin: permission -> form -> service/selector -> render. A
booking someone may not see is "not found"; a signed-out visitor is asked to sign in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.models import Council
from training import permissions
from training.forms.booking import BookingForm, CancelPlacesForm, OfferAcceptForm
from training.models import BookingPlace, WaitingListEntry
from training.selectors import bookings as booking_selectors
from training.selectors import events as event_selectors
from training.services import bookings as booking_services
from training.services import feedback as feedback_services


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's error next to the form's field of the same name (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class BookingSetup:
    """Whom this person books for on this event: the council (a clerk of two chooses), its
    people who fit the audience, and whether names may be typed."""

    def __init__(self, user, event, requested_council):
        self.for_others_ids = permissions.councils_booking_for_others(user)
        ids = self.for_others_ids | permissions.self_booking_councils(user, event)
        self.councils = list(Council.objects.filter(pk__in=ids).order_by("name", "district")) if ids else []
        chosen = next((c for c in self.councils if str(c.pk) == str(requested_council)), None)
        ordered = sorted(self.councils, key=lambda c: c.pk not in self.for_others_ids)
        self.council = chosen or (ordered[0] if ordered else None)
        self.for_others = self.council is not None and self.council.pk in self.for_others_ids
        self.people = permissions.people_who_fit(event, self.council) if self.for_others else []
        self.typed_allowed = not permissions.audience_needs_account(event)
        self.price = (
            event.member_price if permissions.council_is_member(self.council) else event.non_member_price
        )

    def form(self, user, data=None) -> BookingForm:
        form = BookingForm(
            data,
            council_choices=[(c.pk, c.display_name) for c in self.councils],
            people_choices=self.people,
            for_others=self.for_others,
            typed_allowed=self.typed_allowed,
            booker=user,
            initial={"council": self.council.pk if self.council else None},
        )
        form.fields["council"].error_messages["invalid_choice"] = "Choose one of your own councils."
        return form


def _visible_event(request, slug):
    event = event_selectors.event_for_page(request.user, slug)
    if event is None:
        raise Http404("No such event.")
    return event


def _render_event(request, event, *, setup=None, form=None, status=200):
    user = request.user
    can_book = permissions.can_book(user, event)
    if can_book and setup is None:
        setup = BookingSetup(user, event, request.GET.get("council"))
        form = setup.form(user)
    has_place = event_selectors.has_confirmed_place(user, event)
    context = {
        "event": event,
        "sessions": list(event.sessions.all()),
        "free_places": event_selectors.free_places(event),
        "can_book": can_book,
        "setup": setup,
        "form": form,
        "has_place": has_place,
        "show_joining_link": permissions.can_see_joining_link(user, event, has_confirmed_place=has_place),
        "waiting_entries": booking_selectors.open_waiting_entries_on_event(user, event),
        "feedback_open": has_place and not feedback_services.feedback_closed_reason(event, timezone.now()),
        "can_manage": permissions.can_manage_training(user),
    }
    return render(request, "training/event_detail.html", context, status=status)


def event_detail(request, slug):
    return _render_event(request, _visible_event(request, slug))


@login_required
@require_POST
def event_book(request, slug):
    event = _visible_event(request, slug)
    if not permissions.can_book(request.user, event):
        raise PermissionDenied
    setup = BookingSetup(request.user, event, request.POST.get("council"))
    form = setup.form(request.user, request.POST)
    if form.is_valid():
        try:
            result = booking_services.booking_request(
                event_id=event.pk,
                booked_by=request.user,
                council_id=form.cleaned_data["council"],
                attendees=form.attendees(),
                join_waiting_list=form.cleaned_data["join_waiting_list"],
                accepts_partial=form.cleaned_data["accepts_partial"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if isinstance(result, WaitingListEntry):
                messages.info(
                    request,
                    f"{event.title} is full, so you are on the waiting list for {result.places_wanted} "
                    f"place{'s' if result.places_wanted != 1 else ''}. We will email you if places free up.",
                )
                return redirect("training:my_bookings")
            messages.success(request, f"Booked: {event.title}. A confirmation is on its way by email.")
            return redirect("training:booking", pk=result.pk)
    return _render_event(request, event, setup=setup, form=form)


@login_required
def my_bookings(request):
    if not permissions.can_view_my_bookings(request.user):
        raise PermissionDenied
    return render(
        request,
        "training/my_bookings.html",
        {
            "bookings": list(booking_selectors.bookings_for_person(request.user)),
            "waiting_entries": list(booking_selectors.waiting_entries_for_person(request.user)),
        },
    )


def _visible_booking(request, pk):
    booking = booking_selectors.booking_for_page(pk)
    places = list(booking.places.all()) if booking else []
    attendees = {place.user_id for place in places if place.user_id}
    if booking is None or not permissions.can_view_booking(
        request.user, booking, attendee_user_ids=attendees
    ):
        raise Http404("No such booking.")
    return booking, places


def _cancellable(request, booking, places) -> list[BookingPlace]:
    return [
        place
        for place in places
        if place.status == BookingPlace.Status.CONFIRMED and permissions.can_cancel_place(request.user, place)
    ]


def _render_booking(request, booking, places, *, form=None, status=200):
    cancellable = _cancellable(request, booking, places)
    if cancellable and form is None:
        form = CancelPlacesForm(places=cancellable)
    return render(
        request,
        "training/booking_detail.html",
        {
            "booking": booking,
            "event": booking.event,
            "places": places,
            "form": form if cancellable else None,
            "confirmed_count": sum(p.status == BookingPlace.Status.CONFIRMED for p in places),
            "deadline_passed": not permissions.can_cancel_booking(request.user, booking)
            and any(p.status == BookingPlace.Status.CONFIRMED for p in places),
        },
        status=status,
    )


@login_required
def booking_detail(request, pk):
    booking, places = _visible_booking(request, pk)
    return _render_booking(request, booking, places)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking, places = _visible_booking(request, pk)
    cancellable = _cancellable(request, booking, places)
    if not cancellable:
        raise PermissionDenied
    form = CancelPlacesForm(request.POST, places=cancellable)
    if form.is_valid():
        try:
            cancelled = booking_services.booking_places_cancel(
                booking_id=booking.pk, by=request.user, place_ids=form.cleaned_data["places"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            names = ", ".join(place.name for place in cancelled)
            messages.success(request, f"Cancelled: {names}.")
            return redirect("training:booking", pk=booking.pk)
    return _render_booking(request, booking, places, form=form)


def _actionable_entry(request, pk) -> WaitingListEntry:
    entry = booking_selectors.waiting_entry_for_page(pk)
    if entry is None or not permissions.can_act_on_waiting_entry(request.user, entry):
        raise Http404("No such waiting-list entry.")
    return entry


@login_required
def offer_accept(request, pk):
    entry = _actionable_entry(request, pk)
    form = OfferAcceptForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_services.waiting_list_offer_accept(
                entry_id=entry.pk, by=request.user, attendee_indexes=form.cleaned_data["people"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Booked: {entry.event.title}. A confirmation is on its way by email.")
            return redirect("training:booking", pk=booking.pk)
    return render(request, "training/offer_accept.html", {"entry": entry, "event": entry.event, "form": form})


@login_required
@require_POST
def waiting_withdraw(request, pk):
    entry = _actionable_entry(request, pk)
    try:
        booking_services.waiting_list_entry_withdraw(entry_id=entry.pk, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have left the waiting list for {entry.event.title}.")
    return redirect("training:my_bookings")
