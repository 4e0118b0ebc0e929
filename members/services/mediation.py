"""Writes for KALC's confidential mediation service."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from members import permissions
from members.models import Council, MediationCase, MediationStatusChange, User
from members.selectors.mediation import mediation_officers, people_who_may_be_named


def _case_url(case: MediationCase) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("members:mediation_case_detail", args=[case.pk])


def _record_status_change(
    *, case: MediationCase, status: str, note: str, changed_by: User | None
) -> MediationStatusChange:
    # Tasks import this module, so the task is looked up when first needed.
    from members.tasks.mediation import mediation_status_change_notify_task

    change = MediationStatusChange.objects.create(case=case, status=status, note=note, changed_by=changed_by)
    mediation_status_change_notify_task.delay_on_commit(change.pk)
    return change


@transaction.atomic
def mediation_case_create(
    *, council: Council, requested_by: User, summary: str, parties: str, preferred_contact: str = ""
) -> MediationCase:
    """Open a confidential mediation case for a council: it starts 'received', the requester
    is sent an acknowledgement and each mediation officer is told a request is waiting."""
    if not permissions.can_request_mediation(requested_by, council):
        raise ValidationError({"council": "Only the council's clerk or chair may ask for mediation for it."})
    if not summary.strip():
        raise ValidationError({"summary": "Tell us briefly what has happened."})
    case = MediationCase.objects.create(
        council=council,
        requested_by=requested_by,
        summary=summary.strip(),
        parties=parties.strip(),
        preferred_contact=preferred_contact.strip(),
        status=MediationCase.Status.RECEIVED,
    )
    _record_status_change(case=case, status=MediationCase.Status.RECEIVED, note="", changed_by=requested_by)

    # The alert names the council only: the details stay behind the sign-in.
    for officer in mediation_officers():
        mail_queue(
            purpose="members.mediation_new_case",
            object_key=str(case.pk),
            to=officer.email,
            template="members/mediation_new_case",
            context={"case": case, "officer": officer, "case_url": _case_url(case)},
            user=officer,
        )
    return case


@transaction.atomic
def mediation_case_status_change(
    *, case: MediationCase, status: str, note: str = "", changed_by: User
) -> MediationStatusChange:
    """Move a case to a status (or add a note to the requester at the same status); the
    trail gets a row and the requester is emailed about it once."""
    if not permissions.can_manage_mediation_cases(changed_by):
        raise PermissionDenied("Only mediation officers change a case's status.")
    if status not in MediationCase.Status.values:
        raise ValidationError({"status": "Choose one of the statuses listed."})
    case = MediationCase.objects.select_for_update().get(pk=case.pk)
    note = note.strip()
    if status == case.status and not note:
        raise ValidationError(
            {
                "note": f"The case is already {case.get_status_display().lower()}: choose a new status or "
                "write a note for the requester."
            }
        )
    case.status = status
    case.save(update_fields=["status", "updated_at"])
    return _record_status_change(case=case, status=status, note=note, changed_by=changed_by)


@transaction.atomic
def mediation_case_assign(*, case: MediationCase, officer: User, assigned_by: User) -> MediationCase:
    """Make a mediation officer the case's lead officer."""
    if not permissions.can_manage_mediation_cases(assigned_by):
        raise PermissionDenied("Only mediation officers assign cases.")
    if not permissions.is_mediation_officer(officer):
        raise ValidationError({"officer": "Cases can only be assigned to a mediation officer."})
    case = MediationCase.objects.select_for_update().get(pk=case.pk)
    case.assigned_officer = officer
    case.save(update_fields=["assigned_officer", "updated_at"])
    return case


@transaction.atomic
def mediation_case_name_people(
    *, case: MediationCase, people: Iterable[User], named_by: User
) -> MediationCase:
    """Set who is named on the case; named people may then see it (nobody else may)."""
    if not permissions.can_manage_mediation_cases(named_by):
        raise PermissionDenied("Only mediation officers name people on a case.")
    people = list(people)
    allowed = set(people_who_may_be_named(case).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in people):
        raise ValidationError(
            {"named_people": "Only people who hold a position with the council can be named on its case."}
        )
    case = MediationCase.objects.select_for_update().get(pk=case.pk)
    case.named_people.set(people)
    return case


@transaction.atomic
def mediation_status_change_notify(*, change_id: int) -> bool:
    """Email the requester about one status change, exactly once: the change row is
    locked, its sent marker checked, the email queued in the outbox (keyed by the
    change) and the marker set in one transaction. Returns False when it had already gone."""
    change = (
        MediationStatusChange.objects.select_for_update(of=("self",))
        .select_related("case", "case__council", "case__requested_by")
        .get(pk=change_id)
    )
    if change.requester_notified_at is not None:
        return False
    case = change.case
    requester = case.requested_by
    if not requester.is_active:
        # A deactivated or anonymised account has no one behind it; the row stays unsent.
        return False
    first = not case.status_changes.filter(pk__lt=change.pk).exists()
    template = "members/mediation_received" if first else "members/mediation_status_changed"
    mail_queue(
        purpose="members.mediation_status_change",
        object_key=str(change.pk),
        to=requester.email,
        template=template,
        context={"case": case, "change": change, "requester": requester, "case_url": _case_url(case)},
        user=requester,
    )
    change.requester_notified_at = timezone.now()
    change.save(update_fields=["requester_notified_at"])
    return True
