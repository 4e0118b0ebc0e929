"""Test data for access requests and invitations, built through the real services.

Emails are outbox rows whose ids go to Celery after commit; these helpers run the commit
hooks and read the queued emails back (ids from the test Redis broker, where a worker
would take them, and the rows they name)."""

import re
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from members.models import AccessRequest, Council, Invitation, Position, User
from members.services import access as access_services
from members.tests.factories import queued_emails

INVITATION_LINK = re.compile(r"/invitations/([A-Za-z0-9_\-]+)/")


def emails_to(address: str) -> list[dict]:
    return [email for email in queued_emails() if address in email["to"]]


def invitation_token(text: str) -> str:
    """The raw token from an invitation email's link."""
    match = INVITATION_LINK.search(text)
    assert match, f"no invitation link in: {text!r}"
    return match.group(1)


def submit_access_request(
    *,
    council: Council,
    email: str = "new.councillor@example.org",
    full_name: str = "Sam Taylor",
    role: str = Position.Role.COUNCILLOR,
    note: str = "",
) -> AccessRequest:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return access_services.access_request_submit(
            full_name=full_name, email=email, council=council, role=role, note=note
        )


def issue_invitation(
    *,
    council: Council,
    email: str = "invitee@example.org",
    full_name: str = "Robin Invitee",
    role: str = Position.Role.COUNCILLOR,
    kind: str = Invitation.Kind.CLERK_INVITE,
    invited_by: User | None = None,
) -> tuple[Invitation, str]:
    """An invitation made by the real service, with the raw token from the email it queued."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = access_services.invitation_create(
            council=council, email=email, full_name=full_name, role=role, kind=kind, invited_by=invited_by
        )
    [email_payload] = [e for e in emails_to(invitation.email) if "/invitations/" in e["text"]][-1:]
    return invitation, invitation_token(email_payload["text"])


def let_invitation_expire(invitation: Invitation) -> Invitation:
    """Time passes: the invitation's week runs out."""
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    invitation.refresh_from_db()
    return invitation


def bulk_access_requests(
    count: int, *, council: Council, decided_by: User | None = None, prefix: str = "asker"
) -> None:
    """Many requests at once (a third of them decided), for query budgets at 10x the data."""
    statuses = [AccessRequest.Status.PENDING, AccessRequest.Status.PENDING, AccessRequest.Status.DECLINED]
    AccessRequest.objects.bulk_create(
        AccessRequest(
            full_name=f"Asker {i}",
            email=f"{prefix}{i}@example.org",
            council=council,
            role=Position.Role.COUNCILLOR,
            status=statuses[i % 3],
            decided_by=decided_by if statuses[i % 3] == AccessRequest.Status.DECLINED else None,
            decline_reason="Not a member council."
            if statuses[i % 3] == AccessRequest.Status.DECLINED
            else "",
        )
        for i in range(count)
    )
