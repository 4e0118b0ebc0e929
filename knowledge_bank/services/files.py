"""File versions, downloads and superseded notices.

A resource's versions are numbered under a row lock on the resource; the newest
is what /knowledge/<slug>/download/ serves. When a legal note or model template
gets a new version, everyone who downloaded an older one (and may still see the
resource) is emailed once: a SupersededNotice row per person, locked and marked
sent in the same transaction as the send."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from kalc_portal import mail
from knowledge_bank import permissions
from knowledge_bank.models import SUPERSEDE_NOTICE_KINDS, Download, FileVersion, Resource, SupersededNotice
from knowledge_bank.selectors import tallies
from knowledge_bank.validation import clean_original_name, validate_upload


def resource_url(resource: Resource) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("knowledge_bank:resource", args=[resource.slug])


def _require_change_note(previous: FileVersion | None) -> None:
    if previous is not None:
        message = f"Say what changed since version {previous.number}: it is shown on the resource page."
        raise ValidationError({"change_note": message})


@transaction.atomic
def resource_version_upload(
    *, resource: Resource, uploaded_file, uploaded_by, change_note: str = ""
) -> FileVersion:
    """Store a new current version of the resource's file (older versions are kept).

    The file is checked first (size, name, content); a rejected file raises a
    ValidationError keyed "file" and nothing is stored. A second or later version
    needs a change note: it is what the "updated on" line and the superseded email say."""
    try:
        file_type = validate_upload(uploaded_file, max_bytes=settings.KNOWLEDGE_MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    change_note = " ".join(change_note.split())
    if not change_note:
        _require_change_note(FileVersion.objects.filter(resource=resource).order_by("-number").first())
    now = timezone.now()
    version = FileVersion(
        resource=resource,
        original_name=clean_original_name(uploaded_file.name),
        content_type=file_type.content_type,
        size=uploaded_file.size,
        change_note=change_note,
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    # Stored before the row lock is taken (its folder is unique, whatever the number),
    # so a slow upload to object storage does not hold up downloads of the resource.
    uploaded_file.seek(0)
    version.file.save(version.original_name, uploaded_file, save=False)
    try:
        # Two uploads at once must not both become "version 3": the resource row is the
        # lock (the unique constraint on resource and number is the backstop).
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        previous = FileVersion.objects.filter(resource=locked).order_by("-number").first()
        if not change_note:
            _require_change_note(previous)
        version.number = previous.number + 1 if previous else 1
        version.save()
        Resource.objects.filter(pk=locked.pk).update(updated_at=now)
        tallies.catalogue_changed()  # resource pages keep the row (and whether it has a file) cached
    except BaseException:
        # The row did not make it: leave no orphan file behind in private storage.
        version.file.delete(save=False)
        raise
    resource.updated_at = now
    if previous is not None and locked.kind in SUPERSEDE_NOTICE_KINDS:
        from knowledge_bank.tasks.files import superseded_notices_send_task

        superseded_notices_send_task.delay_on_commit(version.pk)
    return version


@transaction.atomic
def resource_download_record(*, resource: Resource, version: FileVersion, user) -> None:
    """Count a download of the current file and remember who took which version
    (signed-in people only: they are the ones told when it is superseded)."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    if user is not None and user.is_authenticated:
        # INSERT ... ON CONFLICT DO NOTHING: the first download of a version by a person is kept.
        Download.objects.bulk_create([Download(version=version, user=user)], ignore_conflicts=True)


def _notice_recipients(version: FileVersion) -> list:
    """People who downloaded an older version of the resource and none this recent,
    who are still active and may still see it; the uploader knows already."""
    on_this_resource = Download.objects.filter(version__resource_id=version.resource_id)
    had_older = on_this_resource.filter(version__number__lt=version.number).values("user_id")
    has_this_or_newer = on_this_resource.filter(version__number__gte=version.number).values("user_id")
    candidates = (
        get_user_model()
        .objects.filter(is_active=True, pk__in=had_older)
        .exclude(pk__in=has_this_or_newer)
        .exclude(pk=version.uploaded_by_id)
        .order_by("pk")
    )
    return [person for person in candidates if permissions.can_view_resource(person, version.resource)]


def superseded_notices_send(*, version_id: int) -> int:
    """Tell everyone who downloaded an older version that this one replaces it: one
    notice row per person (created once), each sent once. Returns how many were sent now.

    If a newer version exists by the time this runs, its own run tells the same
    people about the newer one, so this one stays quiet rather than send two emails."""
    version = FileVersion.objects.select_related("resource").get(pk=version_id)
    if FileVersion.objects.filter(resource_id=version.resource_id, number__gt=version.number).exists():
        return 0
    recipients = _notice_recipients(version)
    SupersededNotice.objects.bulk_create(
        [SupersededNotice(version=version, user=person) for person in recipients], ignore_conflicts=True
    )
    pending = SupersededNotice.objects.filter(version=version, sent_at__isnull=True).values_list(
        "pk", flat=True
    )
    return sum(superseded_notice_send(notice_id=notice_id) for notice_id in list(pending))


@transaction.atomic
def superseded_notice_send(*, notice_id: int) -> bool:
    """Send one superseded notice, exactly once: the row is locked, its sent marker
    checked, the email sent and the marker set in one transaction. Returns False when
    it had gone already, or the person can no longer see the resource (the row stays unsent)."""
    notice = (
        SupersededNotice.objects.select_for_update(of=("self",))
        .select_related("version", "version__resource", "user")
        .get(pk=notice_id)
    )
    if notice.sent_at is not None:
        return False
    version, person = notice.version, notice.user
    resource = version.resource
    if not person.is_active or not permissions.can_view_resource(person, resource):
        return False
    downloaded = (
        Download.objects.filter(user=person, version__resource=resource, version__number__lt=version.number)
        .order_by("-version__number")
        .values_list("version__number", "first_downloaded_at")
        .first()
    )
    if downloaded is None:
        return False
    from_number, downloaded_at = downloaded
    # Every change since the version they have, newest first (usually just this one).
    changes = list(
        FileVersion.objects.filter(resource=resource, number__gt=from_number, number__lte=version.number)
        .order_by("-number")
        .values("number", "change_note", "uploaded_at")
    )
    rendered = mail.render_email(
        "knowledge_bank/superseded",
        {
            "person": person,
            "resource": resource,
            "version": version,
            "from_number": from_number,
            "downloaded_at": downloaded_at,
            "changes": changes,
            "resource_url": resource_url(resource),
            "download_url": settings.SITE_URL.rstrip("/")
            + reverse("knowledge_bank:download", args=[resource.slug]),
        },
        to=[person.email],
    )
    mail.send_rendered_email(rendered.as_payload())
    notice.sent_at = timezone.now()
    notice.save(update_fields=["sent_at"])
    return True
