"""File versions, downloads and superseded notices.

A resource's versions are numbered under a row lock on the resource; the newest
is what /knowledge/<slug>/download/ serves. When a legal note or model template
gets a new version, everyone who downloaded an older one (and may still see the
resource) is emailed once: a SupersededNotice row per person, locked and marked
sent in the same transaction as its email is queued in the outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from knowledge_bank import permissions
from knowledge_bank.models import SUPERSEDE_NOTICE_KINDS, Download, FileVersion, Resource, SupersededNotice
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
    who are still active and may still see it; the uploader knows already. Their roles
    are read in one query, not one per person."""
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
    return permissions.people_who_may_view_resource(candidates, version.resource)


def _newest_older_downloads(version: FileVersion, user_ids) -> dict[int, tuple[int, object]]:
    """{user id: (number, first downloaded at)} of the newest older version each person has."""
    rows = (
        Download.objects.filter(
            user_id__in=user_ids, version__resource_id=version.resource_id, version__number__lt=version.number
        )
        .order_by("user_id", "-version__number")
        .values_list("user_id", "version__number", "first_downloaded_at")
    )
    newest: dict[int, tuple[int, object]] = {}
    for user_id, number, downloaded_at in rows:
        newest.setdefault(user_id, (number, downloaded_at))
    return newest


def _versions_up_to(version: FileVersion) -> list[dict]:
    # Every change up to this version, newest first; each person gets those since theirs.
    return list(
        FileVersion.objects.filter(resource_id=version.resource_id, number__lte=version.number)
        .order_by("-number")
        .values("number", "change_note", "uploaded_at")
    )


def _notice_queue(
    *, notice: SupersededNotice, person, version: FileVersion, downloaded: tuple[int, object], changes: list
) -> None:
    resource = version.resource
    from_number, downloaded_at = downloaded
    mail_queue(
        purpose="knowledge_bank.superseded",
        object_key=str(notice.pk),
        to=person.email,
        template="knowledge_bank/superseded",
        context={
            "person": person,
            "resource": resource,
            "version": version,
            "from_number": from_number,
            "downloaded_at": downloaded_at,
            "changes": [change for change in changes if change["number"] > from_number],
            "resource_url": resource_url(resource),
            "download_url": settings.SITE_URL.rstrip("/")
            + reverse("knowledge_bank:download", args=[resource.slug]),
        },
        user=person,
    )


@transaction.atomic
def superseded_notices_send(*, version_id: int) -> int:
    """Tell everyone who downloaded an older version that this one replaces it: one
    notice row per person (created once), each queued in the outbox once and marked
    sent in the same transaction. Returns how many were queued now.

    If a newer version exists by the time this runs, its own run tells the same
    people about the newer one, so this one stays quiet rather than send two emails."""
    version = FileVersion.objects.select_related("resource").get(pk=version_id)
    if FileVersion.objects.filter(resource_id=version.resource_id, number__gt=version.number).exists():
        return 0
    recipients = {person.pk: person for person in _notice_recipients(version)}
    SupersededNotice.objects.bulk_create(
        [SupersededNotice(version=version, user=person) for person in recipients.values()],
        ignore_conflicts=True,
    )
    # Rows another run holds are skipped (it queues them); rows for people who can no
    # longer see the resource stay unsent.
    pending = [
        notice
        for notice in SupersededNotice.objects.select_for_update(skip_locked=True)
        .filter(version=version, sent_at__isnull=True)
        .order_by("pk")
        if notice.user_id in recipients
    ]
    downloads = _newest_older_downloads(version, [notice.user_id for notice in pending])
    changes = _versions_up_to(version)
    queued = []
    for notice in pending:
        if notice.user_id not in downloads:
            continue
        _notice_queue(
            notice=notice,
            person=recipients[notice.user_id],
            version=version,
            downloaded=downloads[notice.user_id],
            changes=changes,
        )
        queued.append(notice.pk)
    SupersededNotice.objects.filter(pk__in=queued).update(sent_at=timezone.now())
    return len(queued)


@transaction.atomic
def superseded_notice_send(*, notice_id: int) -> bool:
    """Queue one superseded notice, exactly once: the row is locked, its sent marker
    checked, the email queued in the outbox and the marker set in one transaction.
    Returns False when it had gone already, or the person can no longer see the
    resource (the row stays unsent)."""
    notice = (
        SupersededNotice.objects.select_for_update(of=("self",))
        .select_related("version", "version__resource", "user")
        .get(pk=notice_id)
    )
    if notice.sent_at is not None:
        return False
    version, person = notice.version, notice.user
    if not person.is_active or not permissions.can_be_told_about(person, version.resource):
        return False
    downloaded = _newest_older_downloads(version, [person.pk]).get(person.pk)
    if downloaded is None:
        return False
    _notice_queue(
        notice=notice, person=person, version=version, downloaded=downloaded, changes=_versions_up_to(version)
    )
    notice.sent_at = timezone.now()
    notice.save(update_fields=["sent_at"])
    return True
