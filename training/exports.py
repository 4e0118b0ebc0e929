"""CSV exports for the office. A cell that a spreadsheet would read as a formula is
written with a leading apostrophe (kalc_portal/spreadsheets.py, the portal's one rule for
every export), so a typed name can never run as a formula when the file is opened."""

import csv
import io

from django.utils import timezone

from kalc_portal.spreadsheets import escape_formula
from training.selectors.records import hours


def safe_cell(value) -> str:
    return escape_formula("" if value is None else str(value))


def csv_text(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def invoice_rows(bookings):
    for booking in bookings:
        yield [
            booking.invoice_reference,
            booking.event.title,
            booking.event.starts_at.date().isoformat() if booking.event.starts_at else "",
            booking.council.display_name if booking.council else "",
            booking.booked_by.get_full_name(),
            booking.booked_by.email,
            booking.places_booked,
            f"{booking.price_per_place:.2f}",
            f"{booking.total:.2f}",
            "member" if booking.member_price_applied else "non-member",
        ]


INVOICE_HEADER = [
    "Invoice reference", "Event", "Event date", "Council", "Booked by", "Booker email",
    "Places", "Price per place", "Total", "Price band",
]  # fmt: skip


def record_rows(places):
    """A council's training record, one attended place a row."""
    for place in places:
        event = place.event
        yield [
            place.name,
            event.title,
            event.get_kind_display(),
            event.provider,
            timezone.localdate(event.starts_at).isoformat() if event.starts_at else "",
            timezone.localdate(event.ends_at).isoformat() if event.ends_at else "",
            f"{hours(place.attended_duration)}",
            f"{event.cpd_hours}",
        ]


RECORD_HEADER = [
    "Attendee", "Event", "Kind", "Provider", "First day", "Last day", "Hours attended", "CPD hours",
]  # fmt: skip
