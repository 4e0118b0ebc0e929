"""Reads for "My account": the personal data export and the office's deletion queue."""

import calendar
import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from members.models import (
    AccessRequest,
    AccountDeletionRequest,
    Feedback,
    Invitation,
    MediationCase,
    MediationStatusChange,
    Position,
    User,
)

EXPORT_FORMAT_VERSION = 1


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.isoformat()


def _confirmed(user: User, addresses: list[EmailAddress]) -> set[str]:
    return {user.email.lower()} | {address.email.lower() for address in addresses if address.verified}


def confirmed_email_addresses(user: User) -> set[str]:
    """The person's primary address and the addresses they have confirmed, lower-cased.

    Anyone may type any address into /accounts/email/: until its owner follows the
    confirmation link it proves nothing, so records sent to it (access requests,
    invitations) are not this person's to export or to erase."""
    return _confirmed(user, list(EmailAddress.objects.filter(user=user, verified=True)))


def personal_data_export(user: User) -> dict:
    """Everything the portal holds about the person, as plain JSON-ready data.

    Other people appear only as the names of councils and committees: never who
    decided, invited, answered or was named. Access requests and invitations are
    matched by the primary and confirmed addresses only (confirmed_email_addresses).
    Secrets (password hash, invitation token hashes, authenticator keys) are never
    included. The number of queries is fixed, whatever the amount of data."""
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    emails = _confirmed(user, addresses)

    positions = Position.objects.filter(user=user).select_related("council").order_by("started_on", "pk")
    access_requests = (
        AccessRequest.objects.alias(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("council")
        .order_by("created_at", "pk")
    )
    invitations = (
        Invitation.objects.alias(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("council")
        .order_by("created_at", "pk")
    )
    feedback = (
        Feedback.objects.filter(author=user).select_related("area_committee").order_by("created_at", "pk")
    )
    mediation_cases = (
        MediationCase.objects.filter(requested_by=user)
        .select_related("council")
        .prefetch_related(
            Prefetch("status_changes", queryset=MediationStatusChange.objects.order_by("changed_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    deletion_requests = AccountDeletionRequest.objects.filter(user=user).order_by("requested_at", "pk")
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at", "pk")

    return {
        "about": {
            "controller": settings.ASSOCIATION_NAME,
            "generated_at": _iso(timezone.now()),
            "format_version": EXPORT_FORMAT_VERSION,
        },
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "phone": user.phone,
            "newsletter_opt_in": user.newsletter_opt_in,
            "forum_digest": user.forum_digest,
            "is_active": user.is_active,
            "is_office_staff": user.is_staff,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "anonymised_at": _iso(user.anonymised_at),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
        "positions": [
            {
                "council": position.council.display_name,
                "role": position.get_role_display(),
                "started_on": _iso(position.started_on),
                "ended_on": _iso(position.ended_on),
            }
            for position in positions
        ],
        "access_requests": [
            {
                "full_name": request.full_name,
                "email": request.email,
                "council": request.council.display_name,
                "role": request.get_role_display(),
                "note": request.note,
                "status": request.get_status_display(),
                "created_at": _iso(request.created_at),
                "decided_at": _iso(request.decided_at),
                "decline_reason": request.decline_reason,
            }
            for request in access_requests
        ],
        "invitations": [
            {
                "email": invitation.email,
                "full_name": invitation.full_name,
                "kind": invitation.get_kind_display(),
                "council": invitation.council.display_name,
                "role": invitation.get_role_display(),
                "created_at": _iso(invitation.created_at),
                "expires_at": _iso(invitation.expires_at),
                "accepted_at": _iso(invitation.accepted_at),
                "revoked_at": _iso(invitation.revoked_at),
            }
            for invitation in invitations
        ],
        "feedback": [
            {
                "subject": item.subject,
                "message": item.message,
                "area_committee": item.area_committee.name if item.area_committee else None,
                "status": item.get_status_display(),
                "created_at": _iso(item.created_at),
                "answer": item.answer,
                "answered_at": _iso(item.answered_at),
            }
            for item in feedback
        ],
        "mediation_requests": [
            {
                "council": case.council.display_name,
                "summary": case.summary,
                "parties": case.parties,
                "preferred_contact": case.preferred_contact,
                "status": case.get_status_display(),
                "created_at": _iso(case.created_at),
                "status_trail": [
                    {
                        "status": change.get_status_display(),
                        "note": change.note,
                        "changed_at": _iso(change.changed_at),
                    }
                    for change in case.status_changes.all()
                ],
            }
            for case in mediation_cases
        ],
        "deletion_requests": [
            {
                "reason": deletion.reason,
                "status": deletion.get_status_display(),
                "requested_at": _iso(deletion.requested_at),
                "decided_at": _iso(deletion.decided_at),
            }
            for deletion in deletion_requests
        ],
        "authenticators": [
            {
                "type": authenticator.get_type_display(),
                "created_at": _iso(authenticator.created_at),
                "last_used_at": _iso(authenticator.last_used_at),
            }
            for authenticator in authenticators
        ],
    }


def pending_deletion_request(user: User) -> AccountDeletionRequest | None:
    """The person's request still waiting for the office, if any."""
    return AccountDeletionRequest.objects.filter(
        user=user, status=AccountDeletionRequest.Status.PENDING
    ).first()


def pending_deletion_requests() -> QuerySet[AccountDeletionRequest]:
    """The office's queue, oldest first (UK GDPR gives a month to respond), with each
    person's current positions so staff can see which councils lose a member."""
    return (
        AccountDeletionRequest.objects.filter(status=AccountDeletionRequest.Status.PENDING)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__positions",
                queryset=Position.objects.current()
                .select_related("council")
                .order_by("council__name", "role"),
                to_attr="current_positions",
            )
        )
        .order_by("requested_at", "pk")
    )


def respond_by(requested_at: datetime.datetime) -> datetime.date:
    """UK GDPR: answer within one calendar month of receiving the request."""
    received = timezone.localtime(requested_at).date()
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    return received.replace(
        year=year, month=month, day=min(received.day, calendar.monthrange(year, month)[1])
    )
