from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kalc_portal.text import LONG_TEXT, NOTE_TEXT, REFUSED_IN_NAMES_SQL, SHORT_TEXT, validate_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the login; what they do for which council is a Position."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    is_staff = models.BooleanField(
        default=False, help_text="KALC office staff: may sign in to the office admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    phone = models.CharField(max_length=40, blank=True)
    # Communication preferences: stored now, used by the newsletter and forum issues.
    newsletter_opt_in = models.BooleanField(
        "send me KALC News", default=False, help_text="KALC News and reminders by email."
    )
    forum_digest = models.CharField(
        max_length=10,
        choices=[("none", "No digest"), ("daily", "Daily digest"), ("weekly", "Weekly digest")],
        default="weekly",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=~Q(full_name__regex=REFUSED_IN_NAMES_SQL), name="user_full_name_visible"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]


class AreaCommittee(models.Model):
    """KALC groups member councils by district; each district has an area committee."""

    name = models.CharField(max_length=120, unique=True, validators=[validate_name])
    slug = models.SlugField(max_length=120, unique=True)
    district = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Council(models.Model):
    class Kind(models.TextChoices):
        PARISH = "parish", "Parish council"
        TOWN = "town", "Town council"
        VILLAGE = "village", "Village council"
        COMMUNITY = "community", "Community council"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood council"

    class MembershipStatus(models.TextChoices):
        MEMBER = "member", "Member"
        LAPSED = "lapsed", "Lapsed"
        NON_MEMBER = "non_member", "Non-member"
        ASPIRING = "aspiring", "Aspiring council"

    name = models.CharField(
        max_length=150,
        help_text="The parish's name as the ONS spells it, without 'Parish Council'.",
        validators=[validate_name],
    )
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARISH)
    district = models.CharField(max_length=80)
    area_committee = models.ForeignKey(AreaCommittee, on_delete=models.PROTECT, related_name="councils")
    membership_status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.MEMBER
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)])
    electorate = models.PositiveIntegerField(null=True, blank=True)
    membership_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The membership year paid for, e.g. 2026 for 2026/27."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "district"]
        constraints = [
            # Parish names repeat across districts (Newington), never within one.
            models.UniqueConstraint(fields=["name", "district"], name="council_name_unique_in_district"),
        ]
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["membership_status"]),
            # The office's membership-year filter walks it for the years in use.
            models.Index(fields=["membership_year"], name="council_membership_year"),
            # The area committee list counts each committee's member councils from this
            # index alone (an index-only scan), not from every council's row.
            models.Index(fields=["area_committee", "membership_status"], name="council_committee_status"),
            GinIndex(name="council_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            # icontains compares UPPER(name); this lets substring searches use an index.
            # Without GIN's pending list (fastupdate): rows added since the last VACUUM sit
            # there unindexed, so every search read all of them and the planner, costing
            # that, chose to read the whole table instead. Councils change rarely.
            GinIndex(
                OpClass(Upper("name"), name="gin_trgm_ops"), name="council_upper_name_trgm", fastupdate=False
            ),
        ]

    # Django's get_FOO_display() builds a dict of every choice on each call; a directory
    # page calls these a hundred times, so they read dicts built once.
    _KIND_LABELS = dict(Kind.choices)
    _MEMBERSHIP_STATUS_LABELS = dict(MembershipStatus.choices)

    def __str__(self):
        return self.display_name

    def get_kind_display(self) -> str:
        return self._KIND_LABELS.get(self.kind, self.kind)

    def get_membership_status_display(self) -> str:
        return self._MEMBERSHIP_STATUS_LABELS.get(self.membership_status, self.membership_status)

    @property
    def display_name(self):
        return f"{self.name} {self.get_kind_display().title()}"


class PositionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Position(models.Model):
    """What a person does for a council, and since when. Ending a position sets
    ended_on; positions are never deleted, so history stays whole."""

    class Role(models.TextChoices):
        CLERK = "clerk", "Clerk"
        DEPUTY_CLERK = "deputy_clerk", "Deputy clerk"
        RFO = "rfo", "Responsible financial officer"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        COUNCILLOR = "councillor", "Councillor"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="positions")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(max_length=20, choices=Role.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="clerk", ended_on__isnull=True),
                name="position_one_current_clerk_per_council",
                violation_error_message="This council already has a current clerk.",
            ),
            models.UniqueConstraint(
                fields=["user", "council", "role"],
                condition=Q(ended_on__isnull=True),
                name="position_no_duplicate_current_role",
                violation_error_message="This person already holds this role for this council.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="position_ends_after_it_starts",
                violation_error_message="A position cannot end before it starts.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(ended_on__isnull=True), name="position_current_by_user"
            ),
            models.Index(
                fields=["council", "role"],
                condition=Q(ended_on__isnull=True),
                name="position_current_by_council",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()}, {self.council}"

    @property
    def is_current(self):
        return self.ended_on is None


class AccessRequest(models.Model):
    """Someone without an account asks for access to the members' section for a council."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the office"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    full_name = models.CharField(max_length=150, validators=[validate_name])
    email = models.EmailField()
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="access_requests")
    role = models.CharField("role", max_length=20, choices=Position.Role.choices)
    note = models.TextField(blank=True, max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(
        blank=True, max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)]
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A second request for the same email and council while one waits updates it.
            models.UniqueConstraint(
                Lower("email"),
                "council",
                condition=Q(status="pending"),
                name="accessrequest_one_pending_per_email_and_council",
            ),
            models.CheckConstraint(
                condition=~Q(full_name__regex=REFUSED_IN_NAMES_SQL), name="accessrequest_full_name_visible"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.full_name} <{self.email}> for {self.council}"


class Invitation(models.Model):
    """A one-step link that lets a person set a password, verify their address and
    take up a position. Only a hash of the token is stored."""

    class Kind(models.TextChoices):
        ACCESS_REQUEST = "access_request", "Approved access request"
        CLERK_INVITE = "clerk_invite", "Invited by the council"
        HANDOVER = "handover", "Clerk handover"
        STAFF = "staff", "Invited by the office"

    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(max_length=20, choices=Position.Role.choices)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    access_request = models.OneToOneField(
        AccessRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "council",
                "role",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email_council_role",
            ),
            models.CheckConstraint(
                condition=~Q(full_name__regex=REFUSED_IN_NAMES_SQL), name="invitation_full_name_visible"
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.email} ({self.get_role_display()}, {self.council})"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class PartnerCategory(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_name])
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "partner categories"

    def __str__(self):
        return self.name


class Partner(models.Model):
    """A partner or affiliate organisation (website provider, internal auditor, payroll...)."""

    name = models.CharField(max_length=150, validators=[validate_name])
    slug = models.SlugField(max_length=150, unique=True)
    category = models.ForeignKey(PartnerCategory, on_delete=models.PROTECT, related_name="partners")
    description = models.TextField(max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)])
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    member_offer = models.TextField(
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
        help_text="What members get: a discount, a free review...",
    )
    offer_ends_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "category", "name"])]

    def __str__(self):
        return self.name


class KeyContact(models.Model):
    """Office team members and area committee chairs, as listed on the key contacts page."""

    class Kind(models.TextChoices):
        OFFICE = "office", "KALC office team"
        AREA_CHAIR = "area_chair", "Area committee chair"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150, validators=[validate_name])
    role_title = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    area_committee = models.ForeignKey(
        AreaCommittee, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_contacts"
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "order", "name"]

    def __str__(self):
        return f"{self.name}, {self.role_title}"


class MediationCase(models.Model):
    """A confidential request for KALC's mediation service. Only mediation officers,
    superusers and the people named on the case may see it."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ASSESSING = "assessing", "Assessing"
        IN_MEDIATION = "in_mediation", "In mediation"
        CLOSED = "closed", "Closed"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="mediation_cases")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="mediation_requests")
    summary = models.TextField(
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
        help_text="What has happened, in a few sentences.",
    )
    parties = models.TextField(
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
        help_text="Who is involved (roles rather than names is fine).",
    )
    preferred_contact = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    named_people = models.ManyToManyField(User, blank=True, related_name="mediation_cases_named_on")
    assigned_officer = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="mediation_cases_assigned"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"Mediation case {self.pk} ({self.council})"


class MediationStatusChange(models.Model):
    """The case's status trail; each row is also the record that its email went out."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=MediationCase.Status.choices)
    note = models.TextField(
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
        help_text="Shown to the requester in the email.",
    )
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    requester_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.case}: {self.get_status_display()}"


class Feedback(models.Model):
    """Feedback or a question from a member to the office, answered in one staff queue."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="feedback")
    area_committee = models.ForeignKey(
        AreaCommittee, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)])
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The key of the form that sent it: a double click or a resent request carries the
    # same key and finds this item instead of making another.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="feedback_once_per_submission"),
        ]

    def __str__(self):
        return self.subject


class AccountDeletionRequest(models.Model):
    """A member asks for their account to be deleted; staff confirm. Positions and
    authored content are kept, anonymised, never broken."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the office"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="deletion_requests")
    reason = models.TextField(blank=True, max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
        help_text="Why the office cancelled the request.",
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="deletionrequest_one_pending_per_user"
            ),
        ]

    def __str__(self):
        return f"Deletion request from {self.user}"
