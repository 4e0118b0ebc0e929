"""Review dates: owners are reminded once per due item, and marking a resource
reviewed moves its next review date on by its hubs' interval.

A reminder is a ReviewReminder row per (resource, review date). The row is created
with INSERT ... ON CONFLICT DO NOTHING, and its sent marker is checked and set
under a row lock in the same transaction as the email is queued in the outbox, so the hourly job
(or two workers running it at once) never reminds anyone twice about one date."""

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from knowledge_bank import permissions
from knowledge_bank.models import Resource, ReviewReminder
from knowledge_bank.services.resources import next_review_due

REMINDER_BATCH_SIZE = 1000
# An email lists at most this many items; the rest are counted and wait on the review board.
EMAIL_ITEM_LIMIT = 50


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _due_for_review(today: datetime.date):
    return Resource.objects.exclude(status=Resource.Status.ARCHIVED).filter(review_due__lte=today)


@transaction.atomic
def review_reminders_create(*, today: datetime.date | None = None) -> int:
    """Record a reminder row for every resource now due (review date today or earlier,
    not archived) that has none for its current review date. Returns how many it offered
    (a concurrent run may have added some of them first)."""
    today = today or timezone.localdate()
    already_reminded = ReviewReminder.objects.filter(
        resource=OuterRef("pk"), review_due=OuterRef("review_due")
    )
    due = _due_for_review(today).exclude(Exists(already_reminded)).values_list("pk", "review_due", "owner_id")
    # ignore_conflicts is ON CONFLICT DO NOTHING: a run racing this one cannot make a second row.
    created = ReviewReminder.objects.bulk_create(
        (
            ReviewReminder(resource_id=resource_id, review_due=review_due, owner_id=owner_id)
            for resource_id, review_due, owner_id in due.iterator(chunk_size=REMINDER_BATCH_SIZE)
        ),
        batch_size=REMINDER_BATCH_SIZE,
        ignore_conflicts=True,
    )
    return len(created)


def _unsent_reminders():
    # A reminder whose resource has since been reviewed (a new date) or archived is stale: never sent.
    return ReviewReminder.objects.filter(sent_at__isnull=True, resource__review_due=F("review_due")).exclude(
        resource__status=Resource.Status.ARCHIVED
    )


def _reminder_line(reminder: ReviewReminder, today: datetime.date) -> dict:
    resource = reminder.resource
    return {
        "resource": resource,
        "review_due": reminder.review_due,
        "days_overdue": (today - reminder.review_due).days,
        "resource_url": _absolute(reverse("knowledge_bank:resource", args=[resource.slug])),
        "admin_url": _absolute(reverse("admin:knowledge_bank_resource_change", args=[resource.pk])),
    }


@transaction.atomic
def review_reminders_send_to_owner(*, owner_id: int, today: datetime.date | None = None) -> int:
    """Email one owner about all their due items not yet reminded, in one message
    (queued in the outbox), and mark each reminder sent. Rows another worker holds are skipped (it sends
    them). Returns how many items the email listed (0 when nothing was sent)."""
    today = today or timezone.localdate()
    reminders = list(
        _unsent_reminders()
        .filter(owner_id=owner_id)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("resource", "owner")
        .order_by("review_due", "resource__title", "pk")
    )
    if not reminders:
        return 0
    owner = reminders[0].owner
    if not owner.is_active:
        # Nobody reads a deactivated account's mail; the rows stay unsent and the board shows the items.
        return 0
    sent_pks = [reminder.pk for reminder in reminders]
    # One email per owner per set of reminders: the same set again is the same email.
    reminder_set = hashlib.sha256(",".join(map(str, sorted(sent_pks))).encode()).hexdigest()[:32]
    mail_queue(
        purpose="knowledge_bank.review_due",
        object_key=f"{owner.pk}:{reminder_set}",
        to=owner.email,
        template="knowledge_bank/review_due",
        context={
            "owner": owner,
            "items": [_reminder_line(reminder, today) for reminder in reminders[:EMAIL_ITEM_LIMIT]],
            "item_count": len(reminders),
            "more_count": max(len(reminders) - EMAIL_ITEM_LIMIT, 0),
            "board_url": _absolute(reverse("knowledge_bank:review_board")),
        },
        user=owner,
    )
    ReviewReminder.objects.filter(pk__in=sent_pks).update(sent_at=timezone.now())
    return len(reminders)


def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """The hourly job: record a reminder for each newly due item, then email each owner
    once about their unsent ones (one message per owner per run). Safe to run any
    number of times a day. Returns how many items were reminded."""
    today = today or timezone.localdate()
    review_reminders_create(today=today)
    owner_ids: Iterable[int] = _unsent_reminders().values_list("owner_id", flat=True).distinct().order_by()
    return sum(review_reminders_send_to_owner(owner_id=owner_id, today=today) for owner_id in list(owner_ids))


@transaction.atomic
def resource_mark_reviewed(*, resource: Resource, reviewed_by, note: str = "") -> Resource:
    """Record that staff have checked a resource: its next review falls due one hub
    interval from today (6 months for the resilience hub, else 12), so a fresh
    reminder comes then. The note goes into the resource's history."""
    if not permissions.can_mark_reviewed(reviewed_by, resource):
        raise PermissionDenied("Only KALC staff mark resources reviewed.")
    resource = Resource.objects.select_for_update(of=("self",)).select_related("owner").get(pk=resource.pk)
    if resource.status == Resource.Status.ARCHIVED:
        raise ValidationError("This resource is archived, so it is not reviewed any more.")
    resource.review_due = next_review_due(resource)
    note = note.strip()
    resource._change_reason = f"Reviewed: {note}" if note else "Reviewed"
    resource._history_user = reviewed_by
    resource.save(update_fields=["review_due"])
    return resource
