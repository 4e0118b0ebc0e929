"""Certificates of attendance as PDF, rendered by WeasyPrint from an HTML template and its
print stylesheet (templates/training/certificate.html, static/css/certificate.css).

The PDF is tagged PDF/UA-1, so a screen reader reads it in order with its headings. It
is made offline: the fetcher refuses every URL but local files (the stylesheet) and data
URLs, so nothing in the page can reach the network or read beyond what it names, and
the fonts are the machine's own (DejaVu Sans from Debian's fonts-dejavu-core)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from training.models import BookingPlace, EventSession
from training.selectors.records import hours

STATIC_DIR = settings.BASE_DIR / "static"


def _local_only_fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def certificate_html(place: BookingPlace, sessions: list[EventSession]) -> str:
    event = place.event
    days = sorted({timezone.localdate(session.starts_at) for session in sessions})
    return render_to_string(
        "training/certificate.html",
        {
            "place": place,
            "event": event,
            "sessions": sessions,
            "first_day": days[0] if days else None,
            "last_day": days[-1] if days else None,
            "hours": hours(place.attended_duration),
            "council": place.booking.council,
            "issued_on": timezone.localdate(),
            "association": settings.ASSOCIATION_NAME,
        },
    )


def certificate_pdf(place: BookingPlace, sessions: list[EventSession]) -> bytes:
    """The certificate for an attended place (the view checks that it was attended)."""
    document = HTML(
        string=certificate_html(place, sessions),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=_local_only_fetcher(),
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=f"kalc-certificate-{place.pk}".encode())
