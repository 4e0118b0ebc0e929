"""Who may see, book and manage training. Roles are read here and nowhere else.

Members and the public see published (and cancelled) events; drafts only the people who
run training: office staff and the Training officer group (members.permissions, where
every office power also asks for MFA in the session). Audiences say who may take a
place: clerks' courses for the clerk's office, councillors' courses for councillors
(chairs and vice-chairs are councillors too), chairs' networking for chairs and
vice-chairs, members' events for anyone at a member council, open events for anyone.
A clerk or deputy clerk books places for the people of their own council; anyone else
books only for themself."""

from django.utils import timezone

from members import permissions as member_permissions
from members.models import Council, Position
from training.models import Booking, BookingPlace, Event

Role = Position.Role

AUDIENCE_ROLES: dict[str, frozenset[str] | None] = {
    Event.Audience.CLERKS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.RFO}),
    Event.Audience.CHAIRS: frozenset({Role.CHAIR, Role.VICE_CHAIR}),
    Event.Audience.COUNCILLORS: frozenset({Role.COUNCILLOR, Role.CHAIR, Role.VICE_CHAIR}),
    Event.Audience.MEMBERS: None,  # anyone at a member council, with or without an account
    Event.Audience.PUBLIC: None,
}
# Who books places for other people of their council.
BOOK_FOR_COUNCIL_ROLES = member_permissions.COUNCIL_MANAGER_ROLES


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- Running training ----------------------------------------------------------------


def can_manage_training(user) -> bool:
    """Create and edit events, see drafts, cancel any place at any time, see every booking."""
    return member_permissions.acts_as_office_staff(user) or member_permissions.acts_as_training_officer(user)


def can_edit_events_in_admin(user) -> bool:
    """Events are edited in the office admin, which only office staff enter (with MFA)."""
    return member_permissions.can_enter_admin(user)


def can_view_event(user, event: Event) -> bool:
    return event.status != Event.Status.DRAFT or can_manage_training(user)


# --- Audiences -------------------------------------------------------------------------


def council_is_member(council: Council | None) -> bool:
    return council is not None and council.membership_status == Council.MembershipStatus.MEMBER


def audience_roles(event: Event) -> frozenset[str] | None:
    """The council roles a person needs for a place, or None when any person of the council may go."""
    return AUDIENCE_ROLES[event.audience]


def audience_needs_account(event: Event) -> bool:
    """Role-restricted events take only people whose role we know: people with an account."""
    return audience_roles(event) is not None


def roles_at_council(council: Council, user_ids) -> dict[int, set[str]]:
    """The current roles of each of these people at the council (one query)."""
    roles: dict[int, set[str]] = {}
    rows = Position.objects.current().filter(council=council, user_id__in=list(user_ids)).order_by()
    for user_id, role in rows.values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    return roles


def roles_fit_audience(event: Event, roles: set[str]) -> bool:
    wanted = audience_roles(event)
    return bool(roles) if wanted is None else bool(roles & wanted)


def people_who_fit(event: Event, council: Council) -> list[tuple[int, str, str]]:
    """(user id, name, email) of the council's current people who may take a place, by name."""
    positions = Position.objects.current().filter(council=council, user__is_active=True)
    wanted = audience_roles(event)
    if wanted is not None:
        positions = positions.filter(role__in=wanted)
    rows = positions.order_by("user__full_name", "user__email").values_list(
        "user_id", "user__full_name", "user__email"
    )
    return list(dict.fromkeys((pk, name or email, email) for pk, name, email in rows))


# --- Booking ------------------------------------------------------------------------------


def councils_booking_for_others(user) -> set[int]:
    """The councils whose people this person books places for: their clerk's office."""
    return member_permissions.councils_where_role(user, BOOK_FOR_COUNCIL_ROLES)


def can_book_for_council(user, council: Council) -> bool:
    return council.pk in councils_booking_for_others(user)


def self_booking_councils(user, event: Event) -> set[int]:
    """The councils for which this person may book themself a place on the event."""
    wanted = audience_roles(event)
    return member_permissions.councils_where_role(user, Role.values if wanted is None else wanted)


def can_book_as_non_member(user, event: Event) -> bool:
    """A signed-in person without a council books themself onto an open event."""
    return _signed_in(user) and event.audience == Event.Audience.PUBLIC


def can_book(user, event: Event) -> bool:
    """Shows the booking form at all (the service checks each place)."""
    if not _signed_in(user) or event.status != Event.Status.PUBLISHED:
        return False
    return bool(
        councils_booking_for_others(user)
        or self_booking_councils(user, event)
        or can_book_as_non_member(user, event)
    )


# --- Bookings and places -------------------------------------------------------------------


def _before_deadline(event: Event, now=None) -> bool:
    return (now or timezone.now()) < event.cancellation_deadline


def can_view_booking(user, booking: Booking, *, attendee_user_ids=()) -> bool:
    if not _signed_in(user):
        return False
    if can_manage_training(user) or booking.booked_by_id == user.pk or user.pk in attendee_user_ids:
        return True
    return booking.council_id is not None and booking.council_id in councils_booking_for_others(user)


def _acts_for_booking(user, booking: Booking) -> bool:
    return booking.booked_by_id == user.pk or (
        booking.council_id is not None and booking.council_id in councils_booking_for_others(user)
    )


def can_cancel_booking(user, booking: Booking, *, now=None) -> bool:
    """The booker (or their council's clerk's office) until the deadline; staff at any time."""
    if not _signed_in(user):
        return False
    if can_manage_training(user):
        return True
    return _acts_for_booking(user, booking) and _before_deadline(booking.event, now)


def can_cancel_place(user, place: BookingPlace, *, now=None) -> bool:
    if can_cancel_booking(user, place.booking, now=now):
        return True
    return _signed_in(user) and place.user_id == user.pk and _before_deadline(place.booking.event, now)


def can_act_on_waiting_entry(user, entry) -> bool:
    """Accept an offer or withdraw: whoever joined, their council's clerk's office, or staff."""
    if not _signed_in(user):
        return False
    if can_manage_training(user) or entry.joined_by_id == user.pk:
        return True
    return entry.council_id is not None and entry.council_id in councils_booking_for_others(user)


def can_see_joining_link(user, event: Event, *, has_confirmed_place: bool) -> bool:
    """Online joining links are for confirmed attendees (and the people running the event)."""
    return can_manage_training(user) or (_signed_in(user) and has_confirmed_place)


def can_view_my_bookings(user) -> bool:
    return _signed_in(user)


# --- Attendance, certificates and training records ----------------------------------------

# Who at a council sees its training record (the Local Council Award Scheme evidence):
# the clerk's office and the chair.
COUNCIL_RECORD_ROLES = (Role.CLERK, Role.DEPUTY_CLERK, Role.CHAIR)


def can_mark_attendance(user) -> bool:
    """Mark the register: the people running training (office staff or the Training officer group)."""
    return can_manage_training(user)


def can_view_certificate(user, place: BookingPlace) -> bool:
    """The attendee, whoever may see the booking, and the people running training."""
    if not _signed_in(user):
        return False
    return place.user_id == user.pk or can_view_booking(
        user, place.booking, attendee_user_ids={place.user_id}
    )


def can_view_council_record(user, council: Council) -> bool:
    if can_manage_training(user):
        return True
    return council.pk in member_permissions.councils_where_role(user, COUNCIL_RECORD_ROLES)


def can_view_my_record(user) -> bool:
    return _signed_in(user)


# --- Feedback ------------------------------------------------------------------------------


def holds_place(user, place: BookingPlace) -> bool:
    """The place is this person's: booked for their account, or for their address without one."""
    if not _signed_in(user) or place.status != BookingPlace.Status.CONFIRMED:
        return False
    if place.user_id is not None:
        return place.user_id == user.pk
    return place.email.lower() == user.email.lower()


def can_give_feedback(user, place: BookingPlace | None) -> bool:
    """Only the holder of a confirmed place gives feedback on it (office staff included:
    running training is no reason to rate someone else's course)."""
    return place is not None and holds_place(user, place)


def can_read_feedback(user) -> bool:
    return can_manage_training(user)
