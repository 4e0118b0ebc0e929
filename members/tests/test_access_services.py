"""Access requests, decisions and invitations, through the real services and database."""

import hashlib
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase, override_settings

from members.models import AccessRequest, Invitation, Position, User
from members.services import access as services
from members.tests.factories import (
    PASSWORD,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    as_request_user,
    staff_user,
)
from members.tests.factories_access import (
    emails_to,
    invitation_token,
    issue_invitation,
    let_invitation_expire,
    queued_emails,
    submit_access_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Ash", slug="ash")


@pytest.fixture
def office():
    """Office staff as a request hands them to a service: signed in with the authenticator."""
    return as_request_user(staff_user(email="office.staff@example.org"))


# --- Requests ---------------------------------------------------------------------------


@override_settings(OFFICE_EMAIL="office@kalc.example.org")
def test_a_request_is_recorded_and_the_office_is_told(council):
    request = submit_access_request(
        council=council, email="  Sam.Taylor@Example.org ", full_name="Sam Taylor", note="New since May."
    )

    assert request.status == AccessRequest.Status.PENDING
    assert request.email == "sam.taylor@example.org"
    [email] = queued_emails()
    assert email["to"] == ["office@kalc.example.org"]
    assert email["subject"] == "New access request: Sam Taylor for Ash Parish Council"
    assert "New since May." in email["text"]
    assert f"/access/requests/{request.pk}/" in email["text"]


def test_without_an_office_email_setting_the_office_gets_it_at_the_from_address(council, settings):
    settings.OFFICE_EMAIL = ""
    submit_access_request(council=council)
    assert queued_emails()[0]["to"] == [settings.DEFAULT_FROM_EMAIL]


def test_a_second_request_while_one_waits_updates_it_instead_of_duplicating(council):
    first = submit_access_request(council=council, email="sam@example.org", full_name="Sam", note="first")
    second = submit_access_request(
        council=council,
        email="SAM@example.org",
        full_name="Sam Taylor",
        role=Position.Role.RFO,
        note="second",
    )

    assert second.pk == first.pk
    assert AccessRequest.objects.count() == 1
    second.refresh_from_db()
    assert (second.full_name, second.role, second.note) == ("Sam Taylor", Position.Role.RFO, "second")
    assert queued_emails()[-1]["subject"].startswith("Access request updated")


def test_a_request_for_another_council_or_after_a_decision_is_a_new_one(council, office):
    first = submit_access_request(council=council, email="sam@example.org")
    submit_access_request(council=CouncilFactory(), email="sam@example.org")
    services.access_request_decline(
        access_request=first, decided_by=office, reason="Not known to the council."
    )
    again = submit_access_request(council=council, email="sam@example.org")

    assert again.pk != first.pk
    assert AccessRequest.objects.filter(email="sam@example.org").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_for_the_same_email_and_council_end_as_one():
    council = CouncilFactory()
    barrier = threading.Barrier(2)
    errors = []

    def submit(note):
        try:
            barrier.wait()
            services.access_request_submit(
                full_name="Sam", email="sam@example.org", council=council, role="councillor", note=note
            )
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(note,)) for note in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AccessRequest.objects.filter(email="sam@example.org").count() == 1


def test_the_rate_limit_counts_per_address_and_per_email():
    for _ in range(services.ACCESS_REQUEST_LIMITS["email"][0]):
        assert not services.access_request_rate_limit_consume(ip="10.0.0.1", email="a@example.org").limited
    assert services.access_request_rate_limit_consume(ip="10.0.0.2", email="A@example.org").limited
    assert not services.access_request_rate_limit_consume(ip="10.0.0.2", email="b@example.org").limited

    for i in range(services.ACCESS_REQUEST_LIMITS["ip"][0]):
        services.access_request_rate_limit_consume(ip="10.0.0.9", email=f"person{i}@example.org")
    result = services.access_request_rate_limit_consume(ip="10.0.0.9", email="fresh@example.org")
    assert result.limited and result.retry_after_seconds == services.ACCESS_REQUEST_LIMITS["ip"][1]


# --- Decisions --------------------------------------------------------------------------


def test_approving_emails_an_invitation_and_creates_no_account_until_it_is_accepted(council, office):
    request = submit_access_request(council=council, email="sam@example.org", full_name="Sam Taylor")

    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = services.access_request_approve(access_request=request, decided_by=office)

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    assert request.decided_by == office and request.decided_at is not None
    # The account (and the position) are created when the invitation is accepted.
    assert not User.objects.filter(email="sam@example.org").exists()
    assert invitation.full_name == "Sam Taylor"
    assert invitation.kind == Invitation.Kind.ACCESS_REQUEST
    assert invitation.access_request == request
    assert invitation.role == Position.Role.COUNCILLOR
    assert 6.9 < (invitation.expires_at - invitation.created_at).total_seconds() / 86400 <= 7
    [email] = [e for e in queued_emails() if e["to"] == ["sam@example.org"]]
    assert email["subject"] == "Your access to the KALC members' portal has been approved"
    token = invitation_token(email["text"])
    assert hashlib.sha256(token.encode()).hexdigest() == invitation.token_hash
    assert token not in invitation.token_hash


def test_approving_reuses_an_existing_account_whatever_the_case_of_the_email(council, office):
    existing = UserFactory(email="sam@example.org")
    request = submit_access_request(council=council, email="Sam@Example.ORG")

    invitation = services.access_request_approve(access_request=request, decided_by=office)

    assert User.objects.filter(email__iexact="sam@example.org").count() == 1
    assert invitation.email == existing.email


def test_a_decided_request_cannot_be_decided_again(council, office):
    request = submit_access_request(council=council)
    services.access_request_approve(access_request=request, decided_by=office)

    with pytest.raises(ValidationError, match="already been decided"):
        services.access_request_approve(access_request=request, decided_by=office)
    with pytest.raises(ValidationError, match="already been decided"):
        services.access_request_decline(access_request=request, decided_by=office, reason="No")
    assert Invitation.objects.count() == 1


def test_approving_a_clerk_request_for_a_council_with_a_clerk_is_refused_and_changes_nothing(council, office):
    PositionFactory(council=council, role=Position.Role.CLERK)
    request = submit_access_request(council=council, role=Position.Role.CLERK)

    with pytest.raises(ValidationError, match="already has a current clerk"):
        services.access_request_approve(access_request=request, decided_by=office)

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING
    assert not Invitation.objects.exists()


def test_declining_records_the_reason_and_emails_it(council, office):
    request = submit_access_request(council=council, email="sam@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.access_request_decline(
            access_request=request, decided_by=office, reason="  Ash is not a member council.  "
        )

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.DECLINED
    assert request.decline_reason == "Ash is not a member council."
    [email] = emails_to("sam@example.org")
    assert "Ash is not a member council." in email["text"]
    assert "Ash is not a member council." in email["html"]
    assert not User.objects.filter(email="sam@example.org").exists()


def test_declining_without_a_reason_is_refused(council, office):
    request = submit_access_request(council=council)
    with pytest.raises(ValidationError) as error:
        services.access_request_decline(access_request=request, decided_by=office, reason="   ")
    assert "reason" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING


# --- Invitations ------------------------------------------------------------------------


def test_a_new_person_accepts_sets_a_password_verifies_their_address_and_gets_the_position(council):
    invitation, _token = issue_invitation(
        council=council, email="robin@example.org", role=Position.Role.CHAIR
    )

    position = services.invitation_accept(invitation=invitation, password="a-long-new-password")

    user = User.objects.get(email="robin@example.org")
    assert position.user == user and position.council == council and position.role == Position.Role.CHAIR
    assert position.is_current
    assert user.check_password("a-long-new-password")
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == user


def test_accepting_twice_returns_the_same_position(council):
    invitation, _ = issue_invitation(council=council, email="robin@example.org")
    first = services.invitation_accept(invitation=invitation, password="a-long-new-password")
    user = User.objects.get(email="robin@example.org")

    again = services.invitation_accept(invitation=invitation, user=user)

    assert again == first
    assert Position.objects.filter(user=user).count() == 1


def test_someone_with_an_account_accepts_after_signing_in(council):
    member = UserFactory(email="robin@example.org")
    invitation, _ = issue_invitation(council=council, email="Robin@example.org")

    with pytest.raises(services.InvitationUnavailable) as error:
        services.invitation_accept(invitation=invitation, password="take-over-the-account")
    assert error.value.reason == "sign_in"
    member.refresh_from_db()
    assert member.check_password(PASSWORD)  # nobody sets a password on an existing account

    with pytest.raises(services.InvitationUnavailable) as error:
        services.invitation_accept(invitation=invitation, user=UserFactory())
    assert error.value.reason == "wrong_user"

    position = services.invitation_accept(invitation=invitation, user=member)
    assert position.user == member and position.council == council


@pytest.mark.parametrize("close", ["expire", "revoke", "use"])
def test_a_closed_invitation_cannot_be_accepted(council, office, close):
    invitation, _ = issue_invitation(council=council, email="robin@example.org")
    if close == "expire":
        let_invitation_expire(invitation)
    elif close == "revoke":
        services.invitation_revoke(invitation=invitation, revoked_by=office)
    else:
        services.invitation_accept(invitation=invitation, password="a-long-new-password")

    with pytest.raises(services.InvitationUnavailable) as error:
        services.invitation_accept(invitation=invitation, user=UserFactory())

    assert error.value.reason == {"expire": "expired", "revoke": "revoked", "use": "used"}[close]
    assert Position.objects.filter(council=council).count() == (1 if close == "use" else 0)


def test_accepting_a_clerk_invitation_when_the_council_has_a_clerk_says_so_and_changes_nothing(council):
    invitation, _ = issue_invitation(council=council, email="robin@example.org", role=Position.Role.CLERK)
    PositionFactory(council=council, role=Position.Role.CLERK)

    with pytest.raises(services.InvitationUnavailable) as error:
        services.invitation_accept(invitation=invitation, password="a-long-new-password")

    assert error.value.reason == "position"
    assert "already has a current clerk" in error.value.message
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_duplicate_open_invitation_is_refused_but_an_expired_one_is_replaced(council):
    first, _ = issue_invitation(council=council, email="robin@example.org")
    with pytest.raises(ValidationError, match="already waiting"):
        issue_invitation(council=council, email="ROBIN@example.org")

    let_invitation_expire(first)
    second, _ = issue_invitation(council=council, email="robin@example.org")

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.pk != first.pk


def test_inviting_someone_to_a_role_they_already_hold_is_refused(council):
    member = UserFactory(email="robin@example.org")
    PositionFactory(user=member, council=council, role=Position.Role.COUNCILLOR)

    with pytest.raises(ValidationError, match="already councillor"):
        services.invitation_create(
            council=council,
            email="robin@example.org",
            full_name="Robin",
            role=Position.Role.COUNCILLOR,
            kind=Invitation.Kind.CLERK_INVITE,
            invited_by=None,
        )
    assert not Invitation.objects.exists()


def test_a_revoked_invitation_frees_the_slot_and_an_accepted_one_cannot_be_revoked(council, office):
    first, _ = issue_invitation(council=council, email="robin@example.org")
    services.invitation_revoke(invitation=first, revoked_by=office)
    second, _ = issue_invitation(council=council, email="robin@example.org")
    services.invitation_accept(invitation=second, password="a-long-new-password")

    with pytest.raises(ValidationError, match="already been accepted"):
        services.invitation_revoke(invitation=second, revoked_by=office)


def test_a_repeated_password_submit_is_the_same_acceptance_but_another_password_is_not(council):
    invitation, _ = issue_invitation(council=council, email="robin@example.org")
    first = services.invitation_accept(invitation=invitation, password="a-long-new-password")

    assert services.invitation_accept(invitation=invitation, password="a-long-new-password") == first
    with pytest.raises(services.InvitationUnavailable) as error:
        services.invitation_accept(invitation=invitation, password="someone-elses-guess")
    assert error.value.reason == "used"
    assert User.objects.get(email="robin@example.org").check_password("a-long-new-password")
