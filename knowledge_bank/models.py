"""The knowledge bank: resources (guides, toolkits, templates, legal notes, media),
their versioned files, the hubs that curate them, and what members do with them.

Rendering, search vectors and review dates are written by services, never by save()."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kalc_portal.text import LONG_TEXT, MARKDOWN_TEXT


class Hub(models.Model):
    """A curated collection (climate change, resilience...) with its own intro and review rhythm."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    intro = models.TextField(
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
        help_text="Markdown. Shown at the top of the hub page.",
    )
    intro_html = models.TextField(blank=True, editable=False)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="How often this hub's resources are reviewed (the resilience hub: every 6 months).",
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Order on the knowledge bank home.")

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1) & Q(review_interval_months__lte=36),
                name="hub_review_interval_1_to_36_months",
                violation_error_message="The review interval must be between 1 and 36 months.",
            )
        ]

    def __str__(self):
        return self.name


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)


class Resource(models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", "Best-practice guide"
        TOOLKIT = "toolkit", "Toolkit"
        TEMPLATE = "template", "Template"
        LEGAL_NOTE = "legal_note", "Legal topic note"
        MODEL_POLICY = "model_policy", "Model policy"
        SURVEY_TEMPLATE = "survey_template", "Survey template"
        BRIEFING = "briefing", "Briefing"
        BLOG_POST = "blog_post", "Blog post"
        VLOG = "vlog", "Vlog"
        PODCAST = "podcast", "Podcast episode"
        SUCCESS_STORY = "success_story", "Success story"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Everyone (public)"
        MEMBERS = "members", "Members"
        CLERKS = "clerks", "Clerks only"
        STAFF = "staff", "KALC staff only"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=400, help_text="One or two sentences shown in lists and results.")
    body = models.TextField(
        blank=True,
        max_length=MARKDOWN_TEXT,
        validators=[MaxLengthValidator(MARKDOWN_TEXT)],
        help_text="Markdown. Scripts and raw event handlers are removed.",
    )
    body_html = models.TextField(blank=True, editable=False)
    hubs = models.ManyToManyField(Hub, through="HubItem", related_name="resources", blank=True)
    topics = models.ManyToManyField(Topic, related_name="resources", blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_resources",
        help_text="The member of staff who keeps this resource up to date.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    embed_url = models.URLField(
        blank=True, help_text="Vlogs and podcasts: a YouTube or Vimeo link (played privacy-enhanced)."
    )
    download_count = models.PositiveIntegerField(default=0, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ResourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "body_html", "download_count"])

    class Meta:
        ordering = ["-published_at", "title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_vector_gin"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="resource_title_trgm_gin"),
            models.Index(fields=["status", "audience", "-published_at"], name="resource_listing"),
            # Newest first across audiences (What's new, related items): an ordered scan that
            # stops after a page, where resource_listing would need one scan per audience.
            models.Index(
                fields=["-published_at", "-id"],
                name="resource_published_newest",
                condition=Q(status="published"),
            ),
            # A kind's newest (hub pages: each kind's newest items in the hub, checked one by one).
            models.Index(
                fields=["kind", "-published_at", "-id"],
                name="resource_published_kind_newest",
                condition=Q(status="published"),
            ),
            models.Index(fields=["review_due"], name="resource_review_due", condition=~Q(status="archived")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="resource_published_has_date",
                violation_error_message="A published resource needs a publication date.",
            ),
        ]

    def __str__(self):
        return self.title


class HubItem(models.Model):
    """A resource's place in a hub: pinned items come first, in pin order."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="hub_items")
    pinned = models.BooleanField(default=False)
    pin_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first among pinned items."
    )

    class Meta:
        ordering = ["-pinned", "pin_order"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "resource"], name="hubitem_once_per_hub"),
        ]
        indexes = [
            models.Index(fields=["resource"], name="hubitem_resource"),
            # A hub's pinned items, without reading the rest of the hub.
            models.Index(fields=["hub", "pin_order"], name="hubitem_pinned", condition=Q(pinned=True)),
        ]

    def __str__(self):
        return f"{self.resource} in {self.hub}"


def _version_upload_to(instance, filename):
    # A fresh folder per version: a new upload never overwrites an old one.
    return f"knowledge/{instance.resource_id}/{uuid.uuid4().hex}/{filename}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class FileVersion(models.Model):
    """One uploaded version of a resource's file. The newest is the current one;
    older ones stay (who, when, what changed) and are never overwritten."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_upload_to, storage=_private_storage, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    change_note = models.CharField(
        max_length=300, blank=True, help_text="What changed since the previous version."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploaded_versions"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="fileversion_number_per_resource"),
            models.CheckConstraint(condition=Q(number__gte=1), name="fileversion_number_positive"),
            models.CheckConstraint(condition=Q(size__gt=0), name="fileversion_not_empty"),
        ]

    def __str__(self):
        return f"{self.resource} v{self.number}"


class Download(models.Model):
    """Who has downloaded which version (signed-in people only): the superseded
    notice goes to these people. One row per person and version."""

    version = models.ForeignKey(FileVersion, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="downloads")
    first_downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="download_once_per_version_and_user"),
        ]
        indexes = [models.Index(fields=["user"], name="download_user")]

    def __str__(self):
        return f"{self.user_id} downloaded {self.version_id}"


class SupersededNotice(models.Model):
    """One per (new version, person): the "this has changed" email, sent at most once."""

    version = models.ForeignKey(FileVersion, on_delete=models.CASCADE, related_name="superseded_notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="supersedednotice_once_per_person"),
        ]

    def __str__(self):
        return f"Superseded notice for {self.version_id} to {self.user_id}"


class ReviewReminder(models.Model):
    """One per resource and review date: the owner is reminded once, not every day."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="review_reminders")
    review_due = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "review_due"], name="reviewreminder_once_per_due_date"
            ),
        ]

    def __str__(self):
        return f"Review of {self.resource_id} due {self.review_due}"


class SavedItem(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="saved_by")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "resource"], name="saveditem_once_per_person"),
        ]
        indexes = [models.Index(fields=["user", "-saved_at"], name="saveditem_user_recent")]

    def __str__(self):
        return f"{self.user_id} saved {self.resource_id}"


# Kinds whose new versions trigger a "this has changed" email to earlier downloaders.
SUPERSEDE_NOTICE_KINDS = (
    Resource.Kind.LEGAL_NOTE,
    Resource.Kind.MODEL_POLICY,
    Resource.Kind.TEMPLATE,
    Resource.Kind.SURVEY_TEMPLATE,
)

# Paths under /knowledge/ that are pages, so no resource may take them as its slug.
RESERVED_RESOURCE_SLUGS = frozenset({"search", "new", "feed", "saved", "hubs", "review", "preview"})

# The text-search configuration for the stored vector and for every query against it.
SEARCH_CONFIG = "english"
