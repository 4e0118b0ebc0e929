"""The emails training sends, each queued after the booking's transaction commits.

Wired to the outbox (kalc_portal.outbox.services.mail_queue) once it is on main; until
then these are the single places that will queue them."""


def booking_confirmed_later(*, booking_id: int) -> None:
    """Confirmation (with the .ics) to the booker and each attendee."""


def waiting_list_offer_later(*, entry_id: int) -> None:
    """The offer of places, with the time the hold ends, to whoever joined the waiting list."""
