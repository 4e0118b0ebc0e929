"""Writes for access: access requests, the office's decisions on them, and invitations.

An invitation carries a random token; only its sha256 hash is stored, so the link in
the email is the one place the token exists. The position an invitation offers is
created when the invitation is accepted, never before.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from members import permissions
from members.models import AccessRequest, Council, Invitation, Position, User
from members.selectors.access import token_hash
from members.services.core import position_start, user_create

INVITATION_VALID_FOR = timedelta(days=7)

# Per client address and per email, so neither one busy office nor one address can flood the queue.
ACCESS_REQUEST_LIMITS = {"ip": (20, 60 * 60), "email": (3, 60 * 60)}


def office_email() -> str:
    # OFFICE_EMAIL may be set empty on purpose: then the office reads the sender's inbox.
    return settings.OFFICE_EMAIL or settings.DEFAULT_FROM_EMAIL


def normalise_email(email: str) -> str:
    # User emails are stored lower-case (UserManager), so invitations and requests match them.
    return email.strip().lower()


def invitation_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('members:invitation_accept', args=[token])}"


class InvitationUnavailable(Exception):
    """The invitation cannot be accepted; `reason` says why (expired, used, revoked, position)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class RateLimitResult:
    limited: bool
    retry_after_seconds: int = 0


def access_request_rate_limit_consume(*, ip: str, email: str) -> RateLimitResult:
    """Count one access request from this address and for this email in Redis, and say
    whether either has gone over its limit. Not atomic in the database sense: it writes
    only to the cache, where add+incr is atomic per key."""
    limited_for = 0
    for scope, value in (("ip", ip), ("email", normalise_email(email))):
        if not value:
            continue
        allowed, window = ACCESS_REQUEST_LIMITS[scope]
        key = f"access-request:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"
        cache.add(key, 0, timeout=window)
        if cache.incr(key) > allowed:
            limited_for = max(limited_for, window)
    return RateLimitResult(limited=bool(limited_for), retry_after_seconds=limited_for)


@transaction.atomic
def access_request_submit(
    *, full_name: str, email: str, council: Council, role: str, note: str = ""
) -> AccessRequest:
    """Record a request for access, or update the one already waiting for this email and
    council, and tell the office. Behaves the same whether or not the email has an account."""
    email = normalise_email(email)
    access_request = None
    for attempt in range(2):
        access_request = (
            AccessRequest.objects.select_for_update()
            .filter(email__iexact=email, council=council, status=AccessRequest.Status.PENDING)
            .first()
        )
        if access_request is not None:
            access_request.full_name = full_name
            access_request.role = role
            access_request.note = note
            access_request.save(update_fields=["full_name", "role", "note", "updated_at"])
            updated = True
            break
        try:
            with transaction.atomic():
                access_request = AccessRequest.objects.create(
                    full_name=full_name, email=email, council=council, role=role, note=note
                )
            updated = False
            break
        except IntegrityError:
            # Another request for the same email and council won the race: update that one.
            if attempt:
                raise
    mail_queue(
        purpose="members.access_request_received",
        # Each submission (a new request, or an update to the waiting one) is its own notice.
        object_key=f"{access_request.pk}:{access_request.updated_at.isoformat()}",
        to=office_email(),
        template="members/access_request_received",
        context={
            "access_request": access_request,
            "updated": updated,
            "review_url": settings.SITE_URL
            + reverse("members:access_request_review", args=[access_request.pk]),
        },
    )
    return access_request


@transaction.atomic
def invitation_create(
    *,
    council: Council,
    email: str,
    full_name: str,
    role: str,
    kind: str,
    invited_by: User | None,
    access_request: AccessRequest | None = None,
) -> Invitation:
    """Invite a person to take up a role for a council and email them the link. A person
    without an account gets one only when they accept (invitation_accept), so a cancelled
    or expired invitation leaves no account behind. Raises ValidationError for a duplicate invitation, a role
    they already hold, or a clerk's post that is already filled."""
    email = normalise_email(email)
    now = timezone.now()
    current = Position.objects.current().filter(council=council)
    if current.filter(role=role, user__email__iexact=email).exists():
        raise ValidationError(
            f"{email} is already {Position.Role(role).label.lower()} of {council.display_name}."
        )
    if permissions.has_single_holder(role) and current.filter(role=role).exists():
        raise ValidationError(
            f"{council.display_name} already has a current clerk. The clerk hands over to a new "
            "clerk from the council's handover page."
        )
    open_for_person = Invitation.objects.select_for_update().filter(
        email__iexact=email, council=council, role=role, accepted_at__isnull=True, revoked_at__isnull=True
    )
    # An expired invitation still holds the one-open slot in the database; retire it.
    open_for_person.filter(expires_at__lte=now).update(revoked_at=now)
    duplicate = ValidationError(
        f"An invitation to {email} as {Position.Role(role).label.lower()} is already waiting to be "
        "accepted. Cancel it first if you need to send a new one."
    )
    if open_for_person.filter(expires_at__gt=now).exists():
        raise duplicate
    user = User.objects.filter(email__iexact=email).first()
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                token_hash=token_hash(token),
                kind=kind,
                email=email,
                full_name=full_name or (user.full_name if user else ""),
                council=council,
                role=role,
                invited_by=invited_by,
                access_request=access_request,
                expires_at=now + INVITATION_VALID_FOR,
            )
    except IntegrityError:
        raise duplicate from None
    mail_queue(
        purpose="members.invitation",
        object_key=str(invitation.pk),
        to=email,
        template="members/invitation_link",
        context={
            "invitation": invitation,
            "council": council,
            "role_label": Position.Role(role).label,
            "has_account": user is not None and user.has_usable_password(),
            "url": invitation_url(token),
            "invited_by": invited_by,
        },
        user=user,
        # The link is the invitation (only its hash is stored): not kept once sent.
        clear_body_on_send=True,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, revoked_by: User) -> Invitation:
    """Cancel an invitation that has not been accepted, so its link stops working. Raises
    PermissionDenied if the person may not cancel it (the views ask first; this is the backstop)."""
    locked = Invitation.objects.select_for_update().select_related("council").get(pk=invitation.pk)
    if not permissions.can_cancel_invitation(revoked_by, locked):
        raise PermissionDenied
    if locked.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted.")
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def _verify_email(user: User, email: str) -> None:
    EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=email).update(primary=False)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None = None, password: str | None = None
) -> Position:
    """Accept an invitation and create the position it offers. A new person (user=None)
    sets their first password here, which also verifies their address. Accepting twice
    returns the same position. Raises InvitationUnavailable when it cannot be accepted."""
    locked = Invitation.objects.select_for_update().select_related("council").get(pk=invitation.pk)
    now = timezone.now()
    if user is None:
        user = User.objects.select_for_update().filter(email__iexact=locked.email).first()
        if user is None:
            user = user_create(email=locked.email, full_name=locked.full_name, password=None)
        if user.has_usable_password() and locked.accepted_at is None:
            raise InvitationUnavailable(
                "sign_in", "You already have an account: sign in with it to accept this invitation."
            )
    if locked.accepted_at is not None:
        already = Position.objects.current().filter(user=user, council=locked.council, role=locked.role)
        # A repeated submit (a double click) is the same person only if it carries the same password.
        same_person = password is None or user.check_password(password)
        if locked.accepted_by_id == user.pk and same_person and already.exists():
            return already.get()
        raise InvitationUnavailable("used", "This invitation has already been used.")
    if locked.revoked_at is not None:
        raise InvitationUnavailable("revoked", "This invitation has been cancelled.")
    if locked.expires_at <= now:
        raise InvitationUnavailable("expired", "This invitation has expired.")
    if not permissions.can_accept_invitation(user, locked):
        raise InvitationUnavailable("wrong_user", f"This invitation was sent to {locked.email}.")

    if password is not None:
        user.set_password(password)
    if not user.full_name and locked.full_name:
        user.full_name = locked.full_name
    user.save()
    _verify_email(user, locked.email)

    position = Position.objects.current().filter(user=user, council=locked.council, role=locked.role).first()
    if position is None:
        try:
            with transaction.atomic():
                position = position_start(user=user, council=locked.council, role=locked.role)
        except (ValidationError, IntegrityError) as error:
            messages = getattr(error, "messages", None) or ["This position is no longer available."]
            raise InvitationUnavailable("position", " ".join(messages)) from None
    locked.accepted_at = now
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return position


@transaction.atomic
def access_request_approve(*, access_request: AccessRequest, decided_by: User) -> Invitation:
    """Approve a waiting request: create (or reuse) the person's account and send them an
    invitation; their position is created when they accept it."""
    locked = AccessRequest.objects.select_for_update().select_related("council").get(pk=access_request.pk)
    if locked.status != AccessRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    locked.status = AccessRequest.Status.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return invitation_create(
        council=locked.council,
        email=locked.email,
        full_name=locked.full_name,
        role=locked.role,
        kind=Invitation.Kind.ACCESS_REQUEST,
        invited_by=decided_by,
        access_request=locked,
    )


@transaction.atomic
def access_request_decline(*, access_request: AccessRequest, decided_by: User, reason: str) -> AccessRequest:
    """Decline a waiting request and email the person the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason; it is sent to the person who asked."})
    locked = AccessRequest.objects.select_for_update().select_related("council").get(pk=access_request.pk)
    if locked.status != AccessRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    locked.status = AccessRequest.Status.DECLINED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
    mail_queue(
        purpose="members.access_request_decision",
        object_key=f"{locked.pk}:declined",
        to=locked.email,
        template="members/access_request_declined",
        context={
            "access_request": locked,
            "request_url": settings.SITE_URL + reverse("members:access_request"),
        },
    )
    return locked
