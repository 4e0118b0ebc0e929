from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone


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
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text="KALC office staff: may sign in to the office admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]


class AreaCommittee(models.Model):
    """KALC groups member councils by district; each district has an area committee."""

    name = models.CharField(max_length=120, unique=True)
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
        max_length=150, help_text="The parish's name as the ONS spells it, without 'Parish Council'."
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
    address = models.TextField(blank=True)
    electorate = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "district"]
        constraints = [
            # Parish names repeat across districts (Newington), never within one.
            models.UniqueConstraint(fields=["name", "district"], name="council_name_unique_in_district"),
        ]
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["membership_status"]),
            GinIndex(name="council_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.display_name

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
