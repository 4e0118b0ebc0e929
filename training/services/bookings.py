"""Booking places, cancelling them, and the waiting list with its offers.

Every write that changes how many places are taken first locks the event's row
(SELECT ... FOR UPDATE) and counts inside that transaction: confirmed places plus the
places held by open waiting-list offers never exceed the capacity, however many people
book at once. Problems a person can fix are ValidationErrors keyed by the booking
form's fields (council, people, others, places), so the view shows each next to its
field; nothing is written when one is raised."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from members.models import Council
from training import notifications, permissions
from training.models import Booking, BookingPlace, Event, WaitingListEntry

MAX_PLACES_PER_BOOKING = 50


@dataclass(frozen=True)
class Attendee:
    """A person a place is for: someone with an account (user_id), or a typed name and email."""

    name: str
    email: str
    user_id: int | None = None

    def as_json(self) -> dict:
        return {"name": self.name, "email": self.email, "user_id": self.user_id}

    @classmethod
    def from_json(cls, data: dict) -> "Attendee":
        return cls(name=data["name"], email=data["email"], user_id=data.get("user_id"))


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _locked_event(event_id: int) -> Event:
    """The event's row, locked until the transaction ends: the one gate every place passes."""
    try:
        return Event.objects.select_for_update().get(pk=event_id)
    except Event.DoesNotExist:
        raise ValidationError("That event does not exist.", code="no_event") from None


def places_taken(event: Event) -> int:
    """Confirmed places plus places held for open waiting-list offers."""
    confirmed = BookingPlace.objects.filter(event=event, status=BookingPlace.Status.CONFIRMED).count()
    held = WaitingListEntry.objects.filter(event=event, status=WaitingListEntry.Status.OFFERED).aggregate(
        held=Sum("offered_places")
    )["held"]
    return confirmed + (held or 0)


def _check_bookable(event: Event, now: datetime.datetime) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            f"{event.title} is not open for booking: it has been cancelled.", code="cancelled"
        )
    if event.starts_at is not None and event.starts_at <= now:
        raise ValidationError(
            f"{event.title} has already started, so it can no longer be booked.", code="past"
        )
    if now < event.booking_opens_at:
        raise ValidationError(f"Booking opens on {_local(event.booking_opens_at)}.", code="not_open")
    if now >= event.booking_closes_at:
        raise ValidationError(f"Booking closed on {_local(event.booking_closes_at)}.", code="closed")


def _booking_council(booked_by, event: Event, council_id: int | None) -> tuple[Council | None, bool]:
    """The council the booking belongs to, and whether the booker may book for its other people."""
    if council_id is None:
        if permissions.can_book_as_non_member(booked_by, event):
            return None, False
        raise ValidationError({"council": "Choose the council you are booking for."})
    council = Council.objects.filter(pk=council_id).first()
    for_others = council is not None and permissions.can_book_for_council(booked_by, council)
    if council is None or not (
        for_others or council.pk in permissions.self_booking_councils(booked_by, event)
    ):
        raise ValidationError({"council": "Choose one of your own councils."}, code="forged_council")
    if event.audience != Event.Audience.PUBLIC and not permissions.council_is_member(council):
        raise ValidationError(
            {
                "council": f"{council.display_name} is not a member council, "
                "and this event is for members only."
            }
        )
    return council, for_others


def _checked_attendees(
    *, event: Event, council: Council | None, booked_by, for_others: bool, attendees: list[Attendee]
) -> list[Attendee]:
    """The attendees with names and emails from their accounts, after every audience and
    duplicate rule; raises a ValidationError naming the field and the person otherwise."""
    if not attendees:
        raise ValidationError({"people": "Choose at least one person to book a place for."})
    if len(attendees) > MAX_PLACES_PER_BOOKING:
        raise ValidationError({"people": f"Book at most {MAX_PLACES_PER_BOOKING} places at a time."})
    user_ids = [a.user_id for a in attendees if a.user_id is not None]
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .only("pk", "email", "full_name")
    }
    if not for_others and [a.user_id for a in attendees] != [booked_by.pk]:
        raise ValidationError({"people": "You can book a place only for yourself."}, code="not_for_others")
    roles = permissions.roles_at_council(council, users) if council is not None else {}
    checked: list[Attendee] = []
    for attendee in attendees:
        if attendee.user_id is not None:
            user = users.get(attendee.user_id)
            if user is None or (council is not None and attendee.user_id not in roles):
                raise ValidationError(
                    {"people": "Choose people from your council's list."}, code="not_at_council"
                )
            if council is not None and not permissions.roles_fit_audience(event, roles[attendee.user_id]):
                name = user.full_name or user.email
                audience = event.get_audience_display().lower()
                raise ValidationError(
                    {"people": f"{name} cannot take a place: this event is for {audience} only."},
                    code="audience",
                )
            checked.append(
                Attendee(name=user.full_name or user.email, email=user.email.lower(), user_id=user.pk)
            )
            continue
        if permissions.audience_needs_account(event):
            audience = event.get_audience_display().lower()
            raise ValidationError(
                {"others": f"This event is for {audience} only, so choose them from your council's list."},
                code="audience",
            )
        name, email = " ".join(attendee.name.split()), attendee.email.strip().lower()
        if not name or len(name) > 150:
            raise ValidationError(
                {"others": f"Give a name (up to 150 characters) for {email or 'each person'}."}
            )
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"others": f"“{attendee.email}” is not an email address."}) from None
        checked.append(Attendee(name=name, email=email))
    emails = [a.email for a in checked]
    repeated = sorted({email for email in emails if emails.count(email) > 1})
    if repeated:
        raise ValidationError({"others": f"Each person once: {', '.join(repeated)} appears more than once."})
    already = BookingPlace.objects.filter(event=event, status=BookingPlace.Status.CONFIRMED).filter(
        Q(user_id__in=[a.user_id for a in checked if a.user_id]) | Q(email__in=emails)
    )
    already_names = sorted(already.values_list("name", flat=True))
    if already_names:
        raise ValidationError(
            {"people": f"Already booked on this event: {', '.join(already_names)}."}, code="already_booked"
        )
    return checked


def _invoice_reference(event: Event) -> str:
    # Counted under the event's lock, so two bookings never get the same number.
    number = Booking.objects.filter(event=event).count() + 1
    return f"KALC-T{event.pk:04d}-{number:03d}"


def _booking_make(
    *, event: Event, council: Council | None, booked_by, attendees: list[Attendee], now: datetime.datetime
) -> Booking:
    member = permissions.council_is_member(council)
    price = event.member_price if member else event.non_member_price
    booking = Booking.objects.create(
        event=event,
        council=council,
        booked_by=booked_by,
        price_per_place=price,
        member_price_applied=member,
        invoice_reference=_invoice_reference(event) if price > 0 else "",
    )
    BookingPlace.objects.bulk_create(
        BookingPlace(booking=booking, event=event, user_id=a.user_id, name=a.name, email=a.email)
        for a in attendees
    )
    notifications.booking_confirmed(booking_id=booking.pk)
    return booking


@transaction.atomic
def booking_request(
    *,
    event_id: int,
    booked_by,
    council_id: int | None,
    attendees: list[Attendee],
    join_waiting_list: bool = False,
    accepts_partial: bool = False,
    now: datetime.datetime | None = None,
) -> Booking | WaitingListEntry:
    """Book places for these people, or put them on the waiting list when the event is full
    (or when fewer places are free than asked for and the booker said a waiting list would
    do). The places are counted under the event's row lock."""
    now = now or timezone.now()
    event = _locked_event(event_id)
    _check_bookable(event, now)
    council, for_others = _booking_council(booked_by, event, council_id)
    attendees = _checked_attendees(
        event=event, council=council, booked_by=booked_by, for_others=for_others, attendees=attendees
    )
    free = event.capacity - places_taken(event)
    if len(attendees) <= free:
        return _booking_make(event=event, council=council, booked_by=booked_by, attendees=attendees, now=now)
    if free <= 0 or join_waiting_list:
        return WaitingListEntry.objects.create(
            event=event,
            council=council,
            joined_by=booked_by,
            places_wanted=len(attendees),
            accepts_partial=accepts_partial,
            attendees=[a.as_json() for a in attendees],
        )
    raise ValidationError(
        {
            "people": f"Only {free} place{'s are' if free != 1 else ' is'} left "
            f"and you chose {len(attendees)}: "
            f"choose {free} or fewer, or tick “put us on the waiting list” to wait for {len(attendees)}."
        },
        code="not_enough_places",
    )


def _offer_free_places(event: Event, now: datetime.datetime) -> list[WaitingListEntry]:
    """Offer the free places, in waiting-list order, to each entry that fits (a smaller part
    only to entries that accept one). Called with the event locked."""
    free = event.capacity - places_taken(event)
    offered: list[WaitingListEntry] = []
    if free <= 0:
        return offered
    hold = datetime.timedelta(hours=settings.TRAINING_OFFER_HOLD_HOURS)
    waiting = WaitingListEntry.objects.select_for_update().filter(
        event=event, status=WaitingListEntry.Status.WAITING
    )
    for entry in waiting.order_by("created_at", "pk"):
        if free <= 0:
            break
        if entry.places_wanted <= free:
            places = entry.places_wanted
        elif entry.accepts_partial:
            places = free
        else:
            continue
        entry.status = WaitingListEntry.Status.OFFERED
        entry.offered_places, entry.offered_at, entry.offer_expires_at = places, now, now + hold
        entry.save(update_fields=["status", "offered_places", "offered_at", "offer_expires_at"])
        free -= places
        offered.append(entry)
        notifications.waiting_list_offer(entry_id=entry.pk)
    return offered


@transaction.atomic
def booking_places_cancel(
    *, booking_id: int, by, place_ids: list[int] | None = None, now: datetime.datetime | None = None
) -> list[BookingPlace]:
    """Cancel a whole booking (place_ids None) or some of its places, and offer the freed
    places to the waiting list. The booker may until the deadline; the office at any time."""
    now = now or timezone.now()
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        raise ValidationError({"places": "That booking does not exist."})
    event = _locked_event(booking.event_id)
    booking.event = event
    places = list(
        BookingPlace.objects.select_for_update().filter(booking=booking, status=BookingPlace.Status.CONFIRMED)
    )
    if place_ids is not None:
        wanted = set(place_ids)
        if not wanted or not wanted <= {place.pk for place in places}:
            raise ValidationError({"places": "Choose places on this booking that are still booked."})
        places = [place for place in places if place.pk in wanted]
    if not places:
        raise ValidationError({"places": "Every place on this booking is already cancelled."})
    for place in places:
        place.booking = booking
        if not permissions.can_cancel_place(by, place, now=now):
            if permissions.can_view_booking(by, booking, attendee_user_ids={place.user_id}):
                raise ValidationError(
                    {
                        "places": f"Places could be cancelled until {_local(event.cancellation_deadline)}; "
                        "ask the office to cancel now."
                    },
                    code="deadline",
                )
            raise PermissionDenied("You cannot cancel this place.")
    BookingPlace.objects.filter(pk__in=[p.pk for p in places]).update(
        status=BookingPlace.Status.CANCELLED, cancelled_at=now, cancelled_by=by
    )
    _offer_free_places(event, now)
    return places


@transaction.atomic
def waiting_list_offer_accept(
    *, entry_id: int, by, attendee_indexes: list[int] | None = None, now: datetime.datetime | None = None
) -> Booking:
    """Turn an offer into a booking for the chosen people (the first `offered_places` of the
    entry by default). Places offered but not taken go to the next entry that fits."""
    now = now or timezone.now()
    entry = WaitingListEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise ValidationError("That waiting-list entry does not exist.")
    event = _locked_event(entry.event_id)
    entry = (
        WaitingListEntry.objects.select_for_update(of=("self",)).select_related("council").get(pk=entry_id)
    )
    if not permissions.can_act_on_waiting_entry(by, entry):
        raise PermissionDenied("This is not your waiting-list entry.")
    if entry.status != WaitingListEntry.Status.OFFERED or entry.offer_expires_at <= now:
        raise ValidationError("This offer is no longer open.", code="offer_closed")
    if event.starts_at is not None and event.starts_at <= now:
        raise ValidationError(f"{event.title} has already started.", code="past")
    people = [Attendee.from_json(item) for item in entry.attendees]
    indexes = list(range(entry.offered_places)) if attendee_indexes is None else attendee_indexes
    if not indexes or len(set(indexes)) != len(indexes) or any(not 0 <= i < len(people) for i in indexes):
        raise ValidationError({"people": "Choose who takes the places offered."})
    if len(indexes) > entry.offered_places:
        raise ValidationError(
            {"people": f"{entry.offered_places} places are offered: choose that many or fewer."}
        )
    joined_by = get_user_model().objects.get(pk=entry.joined_by_id)
    for_others = entry.council is not None and permissions.can_book_for_council(joined_by, entry.council)
    attendees = _checked_attendees(
        event=event,
        council=entry.council,
        booked_by=joined_by,
        for_others=for_others,
        attendees=[people[i] for i in indexes],
    )
    booking = _booking_make(
        event=event, council=entry.council, booked_by=joined_by, attendees=attendees, now=now
    )
    entry.status, entry.booking = WaitingListEntry.Status.BOOKED, booking
    entry.save(update_fields=["status", "booking"])
    _offer_free_places(event, now)
    return booking


@transaction.atomic
def waiting_list_entry_withdraw(
    *, entry_id: int, by, now: datetime.datetime | None = None
) -> WaitingListEntry:
    """Leave the waiting list (or turn down an offer, which moves on to the next entry)."""
    now = now or timezone.now()
    entry = WaitingListEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise ValidationError("That waiting-list entry does not exist.")
    event = _locked_event(entry.event_id)
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry_id)
    if not permissions.can_act_on_waiting_entry(by, entry):
        raise PermissionDenied("This is not your waiting-list entry.")
    if entry.status not in (WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED):
        raise ValidationError("This entry is no longer on the waiting list.")
    entry.status = WaitingListEntry.Status.WITHDRAWN
    entry.save(update_fields=["status"])
    _offer_free_places(event, now)
    return entry


@transaction.atomic
def waiting_list_event_offers_expire(*, event_id: int, now: datetime.datetime | None = None) -> int:
    """Close this event's offers whose hold has run out and offer their places to the next entries."""
    now = now or timezone.now()
    event = _locked_event(event_id)
    expired = WaitingListEntry.objects.filter(
        event=event, status=WaitingListEntry.Status.OFFERED, offer_expires_at__lte=now
    ).update(status=WaitingListEntry.Status.EXPIRED)
    if expired:
        _offer_free_places(event, now)
    return expired


def waiting_list_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Every event's lapsed offers, one event (one transaction, one lock) at a time."""
    now = now or timezone.now()
    event_ids = (
        WaitingListEntry.objects.filter(status=WaitingListEntry.Status.OFFERED, offer_expires_at__lte=now)
        .order_by()
        .values_list("event_id", flat=True)
        .distinct()
    )
    return sum(waiting_list_event_offers_expire(event_id=event_id, now=now) for event_id in list(event_ids))
