"""Writes for the pages a council's clerk runs: contact details, ending positions and
handing the clerkship over. Council and Position keep their history (simple_history),
which records the signed-in person from the request."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from kalc_portal.outbox.services import mail_queue
from members import permissions
from members.models import Council, Invitation, Position, User
from members.services.access import invitation_create, normalise_email, office_email
from members.services.core import position_end

COUNCIL_CONTACT_FIELDS = ("contact_email", "contact_phone", "website", "address", "electorate")


@transaction.atomic
def council_update(
    *,
    council: Council,
    contact_email: str,
    contact_phone: str,
    website: str,
    address: str,
    electorate: int | None,
) -> Council:
    """Change the council's public contact details; nothing else on the record."""
    locked = Council.objects.select_for_update().get(pk=council.pk)
    locked.contact_email = normalise_email(contact_email) if contact_email else ""
    locked.contact_phone = contact_phone.strip()
    locked.website = website.strip()
    locked.address = address.strip()
    locked.electorate = electorate
    locked.full_clean()
    locked.save(update_fields=[*COUNCIL_CONTACT_FIELDS, "updated_at"])
    return locked


def position_end_check(*, position: Position, ended_on: date) -> None:
    """The rule for an end date, wherever a position is ended (clerk's page, handover, admin):
    not in the future, not before the start. Raises ValidationError on ended_on."""
    if ended_on > timezone.localdate():
        # Positions count as ended as soon as ended_on is set, so a future date would
        # take access away early: record the leaving on the day it happens.
        raise ValidationError({"ended_on": "The end date cannot be in the future."})
    if ended_on < position.started_on:
        started = format_date(position.started_on, "j F Y")
        raise ValidationError({"ended_on": f"The position started on {started}; it cannot end before that."})


@transaction.atomic
def council_save(*, council: Council) -> Council:
    """Save a council the office added or edited in the admin (or reverted from its
    history): contact details tidied as on the clerk's page, every field and constraint
    validated, history kept (the admin sets the history user)."""
    council.contact_email = normalise_email(council.contact_email) if council.contact_email else ""
    council.contact_phone = council.contact_phone.strip()
    council.website = council.website.strip()
    council.address = council.address.strip()
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def council_position_end(*, position: Position, ended_on: date, ended_by: User) -> Position:
    """End a current position on a date between its start and today; the row stays as history.
    Raises PermissionDenied if the person may not end it (the views ask first; this is the backstop)."""
    locked = Position.objects.select_for_update().select_related("council", "user").get(pk=position.pk)
    if locked.ended_on is not None:
        raise ValidationError(f"This position already ended on {format_date(locked.ended_on, 'j F Y')}.")
    if not permissions.can_end_position(ended_by, locked):
        raise PermissionDenied
    position_end_check(position=locked, ended_on=ended_on)
    return position_end(position=locked, ended_on=ended_on)


@transaction.atomic
def clerkship_hand_over(
    *,
    council: Council,
    incoming_email: str,
    incoming_full_name: str,
    outgoing_ended_on: date | None,
    handed_over_by: User,
) -> Invitation:
    """End the current clerk's position (if there is one) and invite the new clerk; the
    outgoing clerk, the incoming clerk and the office are each told by email. Raises
    PermissionDenied unless the person is the clerk or the office."""
    if not permissions.can_hand_over_clerkship(handed_over_by, council):
        raise PermissionDenied
    incoming_email = normalise_email(incoming_email)
    outgoing = (
        Position.objects.select_for_update()
        .select_related("user")
        .filter(council=council, role=Position.Role.CLERK, ended_on__isnull=True)
        .first()
    )
    if outgoing is not None:
        if normalise_email(outgoing.user.email) == incoming_email:
            raise ValidationError({"email": "This is the current clerk's address; enter the new clerk's."})
        if outgoing_ended_on is None:
            raise ValidationError("Give the outgoing clerk's last day.")
        position_end_check(position=outgoing, ended_on=outgoing_ended_on)
        position_end(position=outgoing, ended_on=outgoing_ended_on)
    invitation = invitation_create(
        council=council,
        email=incoming_email,
        full_name=incoming_full_name,
        role=Position.Role.CLERK,
        kind=Invitation.Kind.HANDOVER,
        invited_by=handed_over_by,
    )
    context = {
        "council": council,
        "outgoing": outgoing,
        "incoming_name": incoming_full_name,
        "incoming_email": incoming_email,
        "ended_on": outgoing_ended_on if outgoing else None,
        "handed_over_by": handed_over_by,
        "people_url": settings.SITE_URL + reverse("members:council_people", args=[council.slug]),
    }
    # The handover is the invitation it created: one notice each per handover.
    if outgoing is not None:
        mail_queue(
            purpose="members.handover_outgoing",
            object_key=str(invitation.pk),
            to=outgoing.user.email,
            template="members/access_handover_outgoing",
            context=context,
            user=outgoing.user,
        )
    mail_queue(
        purpose="members.handover_office",
        object_key=str(invitation.pk),
        to=office_email(),
        template="members/access_handover_office",
        context=context,
    )
    return invitation
