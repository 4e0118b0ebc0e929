"""The clerk's writes: contact details, ending positions and handing over the clerkship."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from members.models import Council, Invitation, Position
from members.services import access as access_services
from members.services import council_manage as services
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, as_request_user, staff_user
from members.tests.factories_access import emails_to, invitation_token, queued_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Ash", slug="ash")


@pytest.fixture
def clerk_position(council):
    clerk = UserFactory(email="old.clerk@example.org", full_name="Alex Morgan")
    return PositionFactory(
        user=clerk, council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 4, 1)
    )


def test_contact_details_are_updated_and_kept_in_history(council):
    services.council_update(
        council=council,
        contact_email="Clerk@Ash-PC.example.org",
        contact_phone="01304 123456",
        website="https://ash-pc.example.org",
        address="Village Hall\nAsh",
        electorate=2500,
    )

    council.refresh_from_db()
    assert council.contact_email == "clerk@ash-pc.example.org"
    assert (council.contact_phone, council.electorate) == ("01304 123456", 2500)
    latest = council.history.latest("history_date")
    assert latest.history_type == "~" and latest.website == "https://ash-pc.example.org"


def test_bad_contact_details_change_nothing(council):
    before = Council.objects.get(pk=council.pk).contact_email
    with pytest.raises(ValidationError):
        services.council_update(
            council=council,
            contact_email="not-an-email",
            contact_phone="",
            website="",
            address="",
            electorate=None,
        )
    council.refresh_from_db()
    assert council.contact_email == before


def test_ending_a_position_keeps_the_row_with_its_end_date(clerk_position):
    ended = services.council_position_end(
        position=clerk_position, ended_on=datetime.date(2025, 3, 31), ended_by=clerk_position.user
    )

    assert ended.ended_on == datetime.date(2025, 3, 31)
    assert Position.objects.filter(pk=clerk_position.pk).exists()
    assert not Position.objects.current().filter(pk=clerk_position.pk).exists()


@pytest.mark.parametrize(
    "ended_on, message",
    [
        (datetime.date(2020, 3, 31), "started on 1 April 2020"),
        (timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
    ],
)
def test_a_position_cannot_end_before_it_started_or_in_the_future(clerk_position, ended_on, message):
    with pytest.raises(ValidationError) as error:
        services.council_position_end(
            position=clerk_position, ended_on=ended_on, ended_by=clerk_position.user
        )
    assert message in error.value.message_dict["ended_on"][0]
    clerk_position.refresh_from_db()
    assert clerk_position.ended_on is None


def test_a_position_cannot_end_twice(clerk_position):
    services.council_position_end(
        position=clerk_position, ended_on=datetime.date(2025, 3, 31), ended_by=clerk_position.user
    )
    with pytest.raises(ValidationError, match="already ended on 31 March 2025"):
        services.council_position_end(
            position=clerk_position, ended_on=timezone.localdate(), ended_by=clerk_position.user
        )


@override_settings(OFFICE_EMAIL="office@kalc.example.org")
def test_handover_ends_the_outgoing_clerk_invites_the_new_one_and_tells_everyone(council, clerk_position):
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = services.clerkship_hand_over(
            council=council,
            incoming_email="New.Clerk@example.org",
            incoming_full_name="Jo Newman",
            outgoing_ended_on=datetime.date(2026, 3, 31),
            handed_over_by=clerk_position.user,
        )

    clerk_position.refresh_from_db()
    assert clerk_position.ended_on == datetime.date(2026, 3, 31)
    assert invitation.kind == Invitation.Kind.HANDOVER and invitation.role == Position.Role.CLERK
    assert invitation.email == "new.clerk@example.org" and invitation.invited_by == clerk_position.user

    [outgoing_email] = emails_to("old.clerk@example.org")
    assert "ends on 31 March 2026" in outgoing_email["text"] and "Jo Newman" in outgoing_email["text"]
    [office_email] = emails_to("office@kalc.example.org")
    assert office_email["subject"] == "Clerk handover at Ash Parish Council"
    [incoming_email] = emails_to("new.clerk@example.org")
    assert incoming_email["subject"] == "You are invited to take over as clerk of Ash Parish Council"

    # The new clerk accepts; the one-clerk rule holds because the old position has ended.
    access_services.invitation_accept(invitation=invitation, password="a-long-new-password")
    [current_clerk] = Position.objects.current().filter(council=council, role=Position.Role.CLERK)
    assert current_clerk.user.email == "new.clerk@example.org"
    assert invitation_token(incoming_email["text"])


def test_handover_to_the_outgoing_clerk_is_refused_and_changes_nothing(council, clerk_position):
    with pytest.raises(ValidationError) as error:
        services.clerkship_hand_over(
            council=council,
            incoming_email="OLD.clerk@example.org",
            incoming_full_name="Alex Morgan",
            outgoing_ended_on=timezone.localdate(),
            handed_over_by=clerk_position.user,
        )
    assert "current clerk's address" in error.value.message_dict["email"][0]
    clerk_position.refresh_from_db()
    assert clerk_position.ended_on is None
    assert not Invitation.objects.exists()


def test_handover_with_a_bad_end_date_changes_nothing(council, clerk_position):
    with pytest.raises(ValidationError):
        services.clerkship_hand_over(
            council=council,
            incoming_email="new@example.org",
            incoming_full_name="Jo Newman",
            outgoing_ended_on=datetime.date(2019, 1, 1),
            handed_over_by=clerk_position.user,
        )
    clerk_position.refresh_from_db()
    assert clerk_position.ended_on is None
    assert not Invitation.objects.exists()
    assert queued_emails() == []


def test_office_hands_a_vacant_clerkship_to_a_new_clerk(council):
    office = as_request_user(staff_user())
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = services.clerkship_hand_over(
            council=council,
            incoming_email="new@example.org",
            incoming_full_name="Jo Newman",
            outgoing_ended_on=None,
            handed_over_by=office,
        )
    assert invitation.role == Position.Role.CLERK
    assert {tuple(e["to"]) for e in queued_emails()} == {
        ("new@example.org",),
        (access_services.office_email(),),
    }
