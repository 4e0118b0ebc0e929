"""Writes for "My account": profile, preferences, deletion requests and anonymisation."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import dateformat, timezone

from kalc_portal.outbox.rendering import render_email
from kalc_portal.outbox.services import mail_queue, mail_queue_rendered, mail_recipient_forget
from members.models import AccessRequest, AccountDeletionRequest, Invitation, Position, User
from members.selectors.account import confirmed_email_addresses

ANONYMOUS_NAME = "Former member"
ANONYMISED_ACCESS_REQUEST_NOTE = "The person's account was deleted."


def anonymised_email(user_pk: int) -> str:
    # .invalid is reserved (RFC 2606): nothing can ever be delivered to it, and the pk keeps it unique.
    return f"deleted-user-{user_pk}@invalid.invalid"


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, phone: str) -> User:
    """Save the name and phone number a person keeps about themselves."""
    user.full_name = full_name
    user.phone = phone
    user.save(update_fields=["full_name", "phone"])
    return user


@transaction.atomic
def user_preferences_update(*, user: User, newsletter_opt_in: bool, forum_digest: str) -> User:
    """Save how the person wants to hear from KALC (KALC News, forum digest)."""
    if forum_digest not in dict(User._meta.get_field("forum_digest").choices):
        raise ValidationError({"forum_digest": "Choose how often to get the forum digest."})
    user.newsletter_opt_in = newsletter_opt_in
    user.forum_digest = forum_digest
    user.save(update_fields=["newsletter_opt_in", "forum_digest"])
    return user


@transaction.atomic
def account_deletion_request_create(*, user: User, reason: str = "") -> AccountDeletionRequest:
    """Record a person's request to delete their account and acknowledge it by email.
    Raises ValidationError when a request is already waiting for the office."""
    # Locking the person serialises two submissions of the form (a double click).
    locked = User.objects.select_for_update().get(pk=user.pk)
    pending = AccountDeletionRequest.objects.filter(
        user=locked, status=AccountDeletionRequest.Status.PENDING
    ).first()
    if pending is not None:
        raise ValidationError(
            f"You already asked for your account to be deleted on "
            f"{dateformat.format(timezone.localtime(pending.requested_at), 'j F Y')}; "
            "the office has not decided yet.",
            code="already_pending",
        )
    deletion_request = AccountDeletionRequest.objects.create(user=locked, reason=reason.strip())
    mail_queue(
        purpose="members.account_deletion_requested",
        object_key=str(deletion_request.pk),
        to=locked.email,
        template="members/account_deletion_requested",
        context={"full_name": locked.get_full_name(), "deletion_request": deletion_request},
        user=locked,
    )
    return deletion_request


def _lock_pending(deletion_request: AccountDeletionRequest) -> AccountDeletionRequest:
    locked = (
        AccountDeletionRequest.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=deletion_request.pk)
    )
    if locked.status != AccountDeletionRequest.Status.PENDING:
        raise ValidationError(
            f"This request has already been {locked.get_status_display().lower()}.", code="not_pending"
        )
    return locked


@transaction.atomic
def account_deletion_request_cancel(
    *, deletion_request: AccountDeletionRequest, cancelled_by: User, reason: str = ""
) -> AccountDeletionRequest:
    """Cancel a pending deletion request: the person themselves, or the office with a
    reason, which is emailed to the person and kept on the request.
    Raises ValidationError when the request is no longer pending."""
    locked = _lock_pending(deletion_request)
    by_the_office = cancelled_by.pk != locked.user_id
    if by_the_office and not reason.strip():
        raise ValidationError({"reason": "Say why the request is being cancelled; the member is told."})
    locked.status = AccountDeletionRequest.Status.CANCELLED
    locked.decided_by = cancelled_by
    locked.decided_at = timezone.now()
    locked.decision_note = reason.strip() if by_the_office else ""
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if by_the_office:
        mail_queue(
            purpose="members.account_deletion_cancelled",
            object_key=str(locked.pk),
            to=locked.user.email,
            template="members/account_deletion_cancelled",
            context={
                "full_name": locked.user.get_full_name(),
                "deletion_request": locked,
                "reason": reason.strip(),
            },
            user=locked.user,
        )
    return locked


@transaction.atomic
def account_deletion_request_confirm(
    *, deletion_request: AccountDeletionRequest, decided_by: User
) -> AccountDeletionRequest:
    """The office confirms a pending request: the account is anonymised (never deleted).
    Raises ValidationError when the request is no longer pending."""
    locked = _lock_pending(deletion_request)
    if decided_by.pk == locked.user_id:
        # Staff would lock themselves out mid-task; another member of the office decides.
        raise ValidationError(
            "You cannot confirm your own deletion request: another member of the office must.",
            code="own_request",
        )
    user_anonymise(user=locked.user, decided_by=decided_by)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def user_anonymise(*, user: User, decided_by: User | None = None) -> bool:
    """Erase a person's personal data, keeping the row so councils' history, feedback and
    mediation cases stay whole: the account can no longer sign in, current positions end
    today, allauth addresses and authenticators go, access requests and invitations sent
    to their primary or confirmed addresses and the admin's history of them are scrubbed, pending deletion
    requests are completed, and the person is told at their old address. Returns False
    (doing nothing) when the account was already anonymised, so a second call is harmless."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.anonymised_at is not None:
        return False
    now = timezone.now()
    today = timezone.localdate()

    # Only addresses the person proved are theirs: an unconfirmed one may be anyone's.
    addresses = confirmed_email_addresses(locked)
    # Rendered before the scrub: afterwards the name and address are gone.
    confirmation = render_email(
        "members/account_deletion_confirmed", {"full_name": locked.get_full_name(), "deleted_on": today}
    )
    old_address = locked.email

    placeholder = anonymised_email(locked.pk)
    locked.email = placeholder
    locked.full_name = ANONYMOUS_NAME
    locked.phone = ""
    locked.set_unusable_password()
    locked.is_active = False
    locked.is_staff = False
    locked.is_superuser = False
    locked.newsletter_opt_in = False
    locked.forum_digest = "none"
    locked.anonymised_at = now
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    EmailAddress.objects.filter(user=locked).delete()
    Authenticator.objects.filter(user=locked).delete()

    for position in Position.objects.current().filter(user=locked):
        # A position starting in the future ends the day it starts (it cannot end before).
        position.ended_on = max(today, position.started_on)
        position.save(update_fields=["ended_on"])

    access_requests = AccessRequest.objects.alias(email_lower=Lower("email")).filter(
        email_lower__in=addresses
    )
    access_requests.filter(status=AccessRequest.Status.PENDING).update(
        status=AccessRequest.Status.DECLINED,
        decline_reason=ANONYMISED_ACCESS_REQUEST_NOTE,
        decided_by=decided_by,
        decided_at=now,
    )
    access_requests.update(full_name=ANONYMOUS_NAME, email=placeholder, note="")

    invitations = Invitation.objects.alias(email_lower=Lower("email")).filter(email_lower__in=addresses)
    invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    invitations.update(full_name=ANONYMOUS_NAME, email=placeholder)

    deletion_requests = AccountDeletionRequest.objects.filter(user=locked)
    deletion_requests.filter(status=AccountDeletionRequest.Status.PENDING).update(
        status=AccountDeletionRequest.Status.COMPLETED, decided_by=decided_by, decided_at=now
    )
    # The admin's history names objects by their str() at the time: that held the person's name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)
    ).update(object_repr=str(locked))
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AccountDeletionRequest),
        object_id__in=[str(pk) for pk in deletion_requests.values_list("pk", flat=True)],
    ).update(object_repr=f"Deletion request from {locked}")
    # The outbox's copies of what was sent to them go too (emails not yet sent are not
    # sent); then the confirmation, whose body is not kept once it has gone.
    mail_recipient_forget(addresses=addresses, user_id=locked.pk, placeholder=placeholder)
    mail_queue_rendered(
        purpose="members.account_deletion_confirmed",
        object_key=str(locked.pk),
        to=old_address,
        rendered=confirmation,
        clear_body_on_send=True,
    )
    user.refresh_from_db()
    return True
