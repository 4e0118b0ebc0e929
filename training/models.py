"""Training and networking: events, their sessions, bookings (a council's places for
its people), and the waiting list.

Capacity is counted from the rows (confirmed places plus places held by waiting-list
offers) under a row lock on the event, in services.bookings; the constraints here are
the backstop. Rendering is written by services, never by save()."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from kalc_portal.text import NOTE_TEXT
from members.models import Council

# Addresses of the training section's own pages, which an event's /training/<slug>/ must not take.
RESERVED_EVENT_SLUGS = frozenset({"my-bookings", "my-record", "staff", "council", "bookings", "waiting-list"})


def validate_event_slug(slug: str) -> None:
    if slug in RESERVED_EVENT_SLUGS:
        raise ValidationError(
            f"“{slug}” is the address of a training page (/training/{slug}/); choose another slug.",
            code="reserved",
        )


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def listed(self):
        """What members and the public see: published and cancelled events, never drafts."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])


class Event(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Training course"
        NETWORKING = "networking", "Networking session"
        AGM = "agm", "AGM"
        ROADSHOW = "roadshow", "Roadshow"
        CONFERENCE = "conference", "Conference"
        WEBINAR = "webinar", "Webinar"

    class Audience(models.TextChoices):
        CLERKS = "clerks", "Clerks"
        CHAIRS = "chairs", "Chairs and vice-chairs"
        COUNCILLORS = "councillors", "Councillors"
        MEMBERS = "members", "All member councils"
        PUBLIC = "public", "Open to non-members"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_event_slug])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURSE)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MEMBERS)
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences for the listing.")
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    provider = models.CharField(
        max_length=200, blank=True, help_text="Trainer or partner, e.g. Kent Resilience Team."
    )
    capacity = models.PositiveIntegerField(help_text="Places in all (every session of the event).")
    booking_opens_at = models.DateTimeField()
    booking_closes_at = models.DateTimeField()
    cancellation_deadline = models.DateTimeField(
        help_text="Until then the booker may cancel places; the office may cancel at any time."
    )
    member_price = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, help_text="Per place, in pounds; 0 is free."
    )
    non_member_price = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, help_text="Per place for non-member councils and people."
    )
    cpd_hours = models.DecimalField("CPD hours", max_digits=4, decimal_places=1, default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The first session's start and the last one's end, kept by services.events from the
    # sessions (the listing orders and filters by them without reading every session).
    starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=5000),
                name="training_event_capacity_1_to_5000",
                violation_error_message="Capacity must be between 1 and 5,000 places.",
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__gt=F("booking_opens_at")),
                name="training_event_booking_closes_after_it_opens",
                violation_error_message="Booking must close after it opens.",
            ),
            models.CheckConstraint(
                condition=Q(member_price__gte=0) & Q(non_member_price__gte=0),
                name="training_event_prices_not_negative",
                violation_error_message="Prices cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(cpd_hours__gte=0),
                name="training_event_cpd_hours_not_negative",
                violation_error_message="CPD hours cannot be negative.",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="training_event_status_starts")]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.member_price and not self.non_member_price


class EventSession(models.Model):
    """One sitting of an event: in a venue (with its address) or online (with a joining link)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200, blank=True, help_text="E.g. 'Part 1'; may be left empty.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    online_url = models.URLField(
        "joining link", max_length=500, blank=True, help_text="Shown only to people with a confirmed place."
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="training_session_ends_after_it_starts",
                violation_error_message="A session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(venue_name="") | ~Q(online_url=""),
                name="training_session_venue_or_online",
                violation_error_message="Give a venue (with its address) or an online joining link.",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="training_session_starts")]

    def __str__(self):
        return f"{self.event}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_name


class Booking(models.Model):
    """Places on an event booked in one go: by a clerk for their council's people, or by a
    person for themself. The booking belongs to the council (None only for a non-member
    booking for themself)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="training_bookings"
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    price_per_place = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    member_price_applied = models.BooleanField(default=True)
    # KALC-T<year>-<id>: set for charged bookings, for the office's invoice.
    invoice_reference = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice_reference"],
                condition=~Q(invoice_reference=""),
                name="training_booking_invoice_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(price_per_place__lte=0) | ~Q(invoice_reference=""),
                name="training_booking_charged_has_invoice_reference",
                violation_error_message="A charged booking needs an invoice reference.",
            ),
        ]
        indexes = [models.Index(fields=["booked_by", "-created_at"], name="training_booking_by_booker")]

    def __str__(self):
        return f"Booking {self.pk} for {self.event}"


class BookingPlace(models.Model):
    """One person's place. Name and email are kept for everyone (copied from the account
    when there is one), so the register and certificates read the same whoever booked."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="places")
    # Repeated from the booking so that one person holds at most one place per event.
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="places")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_places",
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status="confirmed"),
                name="training_place_one_per_email_per_event",
                violation_error_message="This person already has a place on this event.",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status="confirmed", user__isnull=False),
                name="training_place_one_per_user_per_event",
                violation_error_message="This person already has a place on this event.",
            ),
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(email=""),
                name="training_place_has_name_and_email",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="training_place_cancelled_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="training_place_event_status"),
            models.Index(fields=["user", "status"], name="training_place_user_status"),
        ]

    def __str__(self):
        return f"{self.name} on {self.event}"


class SessionAttendance(models.Model):
    """Whether a place's person was at one session, as the register was last marked.
    A place with no row for a session has not been marked for it yet; a place counts as
    attended (record, certificate) when it was present at one session or more."""

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendance")
    place = models.ForeignKey(BookingPlace, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField()
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "place"]
        verbose_name_plural = "session attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "place"], name="training_attendance_once_per_session")
        ]
        indexes = [models.Index(fields=["place", "present"], name="training_attendance_place")]

    def __str__(self):
        return f"{self.place.name}: {'present' if self.present else 'absent'} at {self.session}"


class WaitingListEntry(models.Model):
    """A request for places on a full event, kept in order. The people it is for are kept
    as typed (a list of {"user_id", "name", "email"}), so nothing is lost until it is
    booked. An offer holds `offered_places` for the entry until `offer_expires_at`."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        OFFERED = "offered", "Places offered"
        BOOKED = "booked", "Booked"
        EXPIRED = "expired", "Offer expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="waiting_list")
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="training_waiting"
    )
    joined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    places_wanted = models.PositiveSmallIntegerField()
    accepts_partial = models.BooleanField(
        default=False, help_text="Offer fewer places than wanted when that is all that frees up."
    )
    attendees = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    offered_places = models.PositiveSmallIntegerField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="waiting_list_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waiting list entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(places_wanted__gte=1) & Q(places_wanted__lte=50),
                name="training_waiting_places_1_to_50",
                violation_error_message="Ask for between 1 and 50 places.",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered")
                | Q(
                    offered_places__gte=1,
                    offered_places__lte=F("places_wanted"),
                    offer_expires_at__isnull=False,
                ),
                name="training_waiting_offer_is_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="training_waiting_queue"),
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(status="offered"),
                name="training_waiting_open_offers",
            ),
        ]

    def __str__(self):
        return f"{self.places_wanted} wanted on {self.event}"


class EventFeedback(models.Model):
    """One attendee's rating (1 to 5) and comments on an event they had a place on. One per
    place, so one per person per event; written by services.feedback, after the event."""

    place = models.ForeignKey(BookingPlace, on_delete=models.CASCADE, related_name="feedback")
    # Repeated from the place so that the staff list averages per event without a join.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    comments = models.TextField(blank=True, max_length=NOTE_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "event feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                name="training_feedback_one_per_place",
                violation_error_message="Feedback for this place has already been given.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="training_feedback_rating_1_to_5",
                violation_error_message="The rating must be from 1 to 5.",
            ),
        ]
        indexes = [models.Index(fields=["event", "-created_at"], name="training_feedback_event")]

    def __str__(self):
        return f"Feedback {self.rating}/5 on {self.event}"
