"""Demo training programme, run by `make run` (through provision_demo) every time.

Added only when DEBUG is on (or with --demo-content); an event whose slug exists is left
alone, so running this twice changes nothing. Dates are relative to today. Where the demo
logins exist (seed_demo), the Sandwich clerk books the councillor and the chair onto the
small chairmanship course (two places), which is then full, the councillor, the chair
and the clerk onto two past events whose registers the office has marked (so the training
records, the certificates and the council overview's panel have something to show), and the
chair and the councillor onto a course ten days ago on which both have given feedback (so the
staff list shows a score and the comments page has something to read). Every write goes
through the services."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from members import permissions as member_permissions
from members.models import Council, User
from training.models import Event
from training.services import attendance as attendance_services
from training.services import bookings as booking_services
from training.services import events as event_services
from training.services import feedback as feedback_services
from training.services.events import SessionSpec

VENUE = ("Kent Event Centre", "Detling Showground\nMaidstone ME14 3JF")
ONLINE = "https://meet.example.org/kalc-networking"

# slug, title, kind, audience, days from today, start hour, hours, capacity, member £, non-member £, CPD,
# online?, provider
PROGRAMME = [
    ("new-councillor-training", "New councillor training", "course", "councillors", 12, 10, 3, 25, "45", "90", "3",  # noqa: E501
     False, "KALC"),
    ("planning-for-councillors", "Planning for councillors", "course", "councillors", 26, 18, 2.5, 20, "40", "80",  # noqa: E501
     "2.5", False, "KALC with Kent planning officers"),
    ("chairmanship", "Chairmanship", "course", "councillors", 33, 9.5, 4, 2, "60", "120", "4", False, "KALC"),
    ("clerks-networking", "Clerks' online networking", "networking", "clerks", 8, 14, 1.5, 60, "0", "0", "0", True,  # noqa: E501
     "KALC"),
    ("chairs-networking", "Chairs' online networking", "networking", "chairs", 15, 19, 1.5, 60, "0", "0", "0", True,  # noqa: E501
     "KALC"),
    ("emergency-planning", "Emergency planning for parish councils", "course", "members", 40, 10, 3, 30, "35", "70",  # noqa: E501
     "3", False, "Kent Resilience Team"),
    ("kalc-agm", "KALC annual general meeting", "agm", "members", 60, 18.5, 2, 200, "0", "0", "0", False, "KALC"),  # noqa: E501
]  # fmt: skip

# Past events (days before today), in the same shape: their registers are marked.
PAST_PROGRAMME = [
    ("councillor-essentials", "Councillor essentials", "course", "councillors", -60, 18, 2.5, 30, "40", "80",
     "2.5", False, "KALC"),
    ("clerks-networking-autumn", "Clerks' networking (autumn)", "networking", "clerks", -20, 14, 1.5, 60,
     "0", "0", "0", True, "KALC"),
]  # fmt: skip

# A course ten days ago (inside TRAINING_FEEDBACK_DAYS, so feedback may still be given),
# in the same shape, and the demo people's feedback on it: (email, rating, comments).
FEEDBACK_EVENT = ("code-of-conduct-refresher", "Code of conduct refresher", "course", "members", -10, 18, 2,
                  30,
                  "30", "60", "2", False, "KALC")  # fmt: skip
DEMO_FEEDBACK = [
    ("chair@example.org", 5, "Clear, practical and the case studies were spot on."),
    ("councillor@example.org", 4, "Useful. A little more time for questions next time, please."),
]


def _when(days: int, hour: float) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, int(hour), int(hour % 1 * 60)))


class Command(BaseCommand):
    help = "Add the demo training programme (DEBUG or --demo-content); existing events are left alone."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-content", action="store_true", help="Add the demo events even with DEBUG off."
        )

    @transaction.atomic
    def handle(self, *args, demo_content=False, **options):
        if not (settings.DEBUG or demo_content):
            return
        added = 0
        past_added = []
        for (
            slug,
            title,
            kind,
            audience,
            days,
            hour,
            hours,
            capacity,
            member,
            non_member,
            cpd,
            online,
            provider,
        ) in PROGRAMME + PAST_PROGRAMME:
            if Event.objects.filter(slug=slug).exists():
                continue
            starts = _when(days, hour)
            # A past event's booking was open before it; the booking's own "now" says so.
            opens = min(timezone.now(), starts) - datetime.timedelta(days=14)
            session = SessionSpec(
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                venue_name="" if online else VENUE[0],
                venue_address="" if online else VENUE[1],
                online_url=ONLINE if online else "",
            )
            event_services.event_create(
                title=title,
                slug=slug,
                kind=kind,
                audience=audience,
                summary=f"{title}, run by {provider}.",
                description=f"## What it covers\n\n{title} for Kent's local councils.",
                provider=provider,
                capacity=capacity,
                booking_opens_at=opens,
                booking_closes_at=starts - datetime.timedelta(days=1),
                cancellation_deadline=starts - datetime.timedelta(days=5),
                member_price=Decimal(member),
                non_member_price=Decimal(non_member),
                cpd_hours=Decimal(cpd),
                status=Event.Status.PUBLISHED,
                sessions=[session],
            )
            added += 1
            if days < 0:
                past_added.append(slug)
        if added:
            self._demo_bookings()
        if past_added:
            self._demo_attendance(past_added)
        added += self._demo_feedback()
        self.stdout.write(f"Training: {added} demo event(s) added.")

    def _demo_bookings(self) -> None:
        clerk = User.objects.filter(email="clerk@example.org").first()
        sandwich = Council.objects.filter(name="Sandwich", district="Dover").first()
        people = list(User.objects.filter(email__in=["chair@example.org", "councillor@example.org"]))
        if clerk is None or sandwich is None or len(people) != 2:
            return
        chair = next(p for p in people if p.email == "chair@example.org")
        councillor = next(p for p in people if p.email == "councillor@example.org")
        booking_services.booking_request(
            event_id=Event.objects.get(slug="chairmanship").pk,
            booked_by=clerk,
            council_id=sandwich.pk,
            attendees=[
                booking_services.Attendee("", "", chair.pk),
                booking_services.Attendee("", "", councillor.pk),
            ],
        )

    def _demo_attendance(self, slugs: list[str]) -> None:
        """Book the Sandwich people onto the past events (as when booking was open) and mark
        the registers as the office would: the councillor and the chair came, the clerk too."""
        clerk = User.objects.filter(email="clerk@example.org").first()
        office_staff = member_permissions.office_staff_filter()
        office = User.objects.filter(office_staff, email="office@example.org").first()
        sandwich = Council.objects.filter(name="Sandwich", district="Dover").first()
        people = {
            u.email: u for u in User.objects.filter(email__in=["chair@example.org", "councillor@example.org"])
        }
        if clerk is None or office is None or sandwich is None or len(people) != 2:
            return
        # The command is the operator on the server, standing in for the office's session
        # with its authenticator code (attendance_mark asks for that of every office user).
        member_permissions.mark_session_mfa(office, [{"method": "mfa", "type": "totp"}])
        for slug in slugs:
            event = Event.objects.get(slug=slug)
            attendees = [clerk] if event.audience == Event.Audience.CLERKS else list(people.values())
            booking = booking_services.booking_request(
                event_id=event.pk,
                booked_by=clerk,
                council_id=sandwich.pk,
                attendees=[booking_services.Attendee("", "", person.pk) for person in attendees],
                now=event.booking_opens_at + datetime.timedelta(hours=1),
            )
            attendance_services.attendance_mark(
                session_id=event.sessions.get().pk,
                by=office,
                present_place_ids=list(booking.places.values_list("pk", flat=True)),
            )

    def _demo_feedback(self) -> int:
        """The past course with the chair's and the councillor's feedback; 1 when it was added."""
        slug, title, kind, audience, days, hour, hours, capacity, member, non_member, cpd, _, provider = (
            FEEDBACK_EVENT
        )
        clerk = User.objects.filter(email="clerk@example.org").first()
        sandwich = Council.objects.filter(name="Sandwich", district="Dover").first()
        people = {u.email: u for u in User.objects.filter(email__in=[email for email, *_ in DEMO_FEEDBACK])}
        if Event.objects.filter(slug=slug).exists() or clerk is None or sandwich is None or len(people) != 2:
            return 0
        starts = _when(days, hour)
        event = event_services.event_create(
            title=title,
            slug=slug,
            kind=kind,
            audience=audience,
            summary=f"{title}, run by {provider}.",
            description=f"## What it covers\n\n{title} for Kent's local councils.",
            provider=provider,
            capacity=capacity,
            booking_opens_at=starts - datetime.timedelta(days=30),
            booking_closes_at=starts - datetime.timedelta(days=1),
            cancellation_deadline=starts - datetime.timedelta(days=5),
            member_price=Decimal(member),
            non_member_price=Decimal(non_member),
            cpd_hours=Decimal(cpd),
            status=Event.Status.PUBLISHED,
            sessions=[
                SessionSpec(
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=hours),
                    venue_name=VENUE[0],
                    venue_address=VENUE[1],
                )
            ],
        )
        # Booked while booking was open: the booking's own "now" says when.
        booking_services.booking_request(
            event_id=event.pk,
            booked_by=clerk,
            council_id=sandwich.pk,
            attendees=[booking_services.Attendee("", "", people[email].pk) for email, *_ in DEMO_FEEDBACK],
            now=event.booking_opens_at + datetime.timedelta(hours=1),
        )
        for email, rating, comments in DEMO_FEEDBACK:
            feedback_services.event_feedback_create(
                event_id=event.pk, by=people[email], rating=rating, comments=comments
            )
        return 1
