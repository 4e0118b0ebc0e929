"""Services and selectors of "My account", against the real database and Redis broker."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from members import permissions, services
from members.models import AccessRequest, AccountDeletionRequest, Invitation, MediationCase, Position, User
from members.selectors import account as account_selectors
from members.services import account as account_services
from members.tests.factories import PASSWORD, CouncilFactory, PositionFactory, UserFactory, staff_user
from members.tests.factories_account import (
    AccessRequestFactory,
    FeedbackFactory,
    InvitationFactory,
    MediationCaseFactory,
    MediationStatusChangeFactory,
    deletion_request,
    queued_emails,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    user = UserFactory(email="jo.bloggs@example.org", full_name="Jo Bloggs")
    user.phone = "01622 123456"
    user.newsletter_opt_in = True
    user.save()
    return user


# --- Profile and preferences ----------------------------------------------------------


def test_profile_update_saves_name_and_phone(member):
    account_services.user_profile_update(user=member, full_name="Joanna Bloggs", phone="07700 900123")
    member.refresh_from_db()
    assert (member.full_name, member.phone) == ("Joanna Bloggs", "07700 900123")


def test_preferences_update_saves_and_rejects_an_unknown_digest(member):
    account_services.user_preferences_update(user=member, newsletter_opt_in=False, forum_digest="daily")
    member.refresh_from_db()
    assert (member.newsletter_opt_in, member.forum_digest) == (False, "daily")

    with pytest.raises(ValidationError):
        account_services.user_preferences_update(user=member, newsletter_opt_in=True, forum_digest="hourly")
    member.refresh_from_db()
    assert (member.newsletter_opt_in, member.forum_digest) == (False, "daily")


# --- Deletion requests ------------------------------------------------------------------


def test_deletion_request_is_acknowledged_by_email_after_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = account_services.account_deletion_request_create(user=member, reason="  Retiring.  ")

    assert request.status == AccountDeletionRequest.Status.PENDING
    assert request.reason == "Retiring."
    [email] = queued_emails()
    assert email["to"] == ["jo.bloggs@example.org"]
    assert "request to delete your account" in email["subject"]
    assert "Dear Jo Bloggs" in email["text"]


def test_a_second_request_while_one_is_pending_is_refused(member):
    first = deletion_request(member)
    with pytest.raises(ValidationError) as error:
        account_services.account_deletion_request_create(user=member, reason="again")
    assert "already asked" in error.value.messages[0]
    assert list(AccountDeletionRequest.objects.filter(user=member)) == [first]


def test_the_member_cancels_their_own_request_and_may_ask_again(member, django_capture_on_commit_callbacks):
    request = deletion_request(member)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = account_services.account_deletion_request_cancel(
            deletion_request=request, cancelled_by=member
        )
    assert cancelled.status == AccountDeletionRequest.Status.CANCELLED
    assert cancelled.decided_by == member and cancelled.decided_at is not None
    assert queued_emails() == []  # they did it themselves: no email needed
    assert deletion_request(member).status == AccountDeletionRequest.Status.PENDING


def test_the_office_cancels_with_a_reason_that_is_emailed_and_logged(
    member, django_capture_on_commit_callbacks
):
    office = staff_user()
    request = deletion_request(member)
    with pytest.raises(ValidationError):
        account_services.account_deletion_request_cancel(
            deletion_request=request, cancelled_by=office, reason=" "
        )
    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_deletion_request_cancel(
            deletion_request=request, cancelled_by=office, reason="You asked us by phone to keep it."
        )

    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.CANCELLED and request.decided_by == office
    [email] = queued_emails()
    assert email["to"] == ["jo.bloggs@example.org"]
    assert "You asked us by phone to keep it." in email["text"]
    assert request.decision_note == "You asked us by phone to keep it."
    with pytest.raises(ValidationError):
        account_services.account_deletion_request_cancel(
            deletion_request=request, cancelled_by=office, reason="x"
        )


# --- Anonymisation ------------------------------------------------------------------------


@pytest.fixture
def member_with_history(member):
    """A member whose data reaches into every table that may refer to them."""
    council = CouncilFactory(name="Ash")
    other_council = CouncilFactory(name="Worth")
    current = PositionFactory(user=member, council=council, role=Position.Role.CLERK)
    past = PositionFactory(
        user=member, council=other_council, role=Position.Role.CHAIR, started_on=datetime.date(2019, 5, 1)
    )
    services.position_end(position=past, ended_on=datetime.date(2023, 5, 1))
    # A second address Jo confirmed: records sent to it are Jo's.
    EmailAddress.objects.create(user=member, email="jo@home.example.org", verified=True, primary=False)
    TOTP.activate(member, generate_totp_secret())
    RecoveryCodes.activate(member)
    feedback = FeedbackFactory(author=member, answer="Use the NALC template.")
    case = MediationCaseFactory(requested_by=member, council=council)
    MediationStatusChangeFactory(case=case)
    AccessRequestFactory(email="JO.BLOGGS@example.org", full_name="Jo Bloggs", council=council)
    pending_access = AccessRequestFactory(
        email="jo@home.example.org", full_name="Jo Bloggs", council=other_council
    )
    InvitationFactory(email="jo.bloggs@example.org", full_name="Jo Bloggs", council=other_council)
    member.groups.add(services.office_group(permissions.FORUM_MODERATOR))
    return {
        "current": current,
        "past": past,
        "feedback": feedback,
        "case": case,
        "pending_access": pending_access,
    }


def test_confirming_anonymises_the_person_and_keeps_their_history(
    member, member_with_history, django_capture_on_commit_callbacks
):
    office = staff_user()
    request = deletion_request(member, reason="Leaving the council.")
    # The office once edited the person in the admin: the log entry names them.
    LogEntry.objects.log_actions(office.pk, [member], CHANGE, change_message="Changed phone.")
    bystander = UserFactory(email="someone.else@example.org", full_name="Someone Else")
    bystander_position = PositionFactory(user=bystander, council=member_with_history["current"].council)

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = account_services.account_deletion_request_confirm(
            deletion_request=request, decided_by=office
        )

    member.refresh_from_db()
    assert member.email == f"deleted-user-{member.pk}@invalid.invalid"
    assert member.full_name == "Former member" and member.phone == ""
    assert not member.has_usable_password()
    assert not member.is_active and not member.is_staff and not member.newsletter_opt_in
    assert member.forum_digest == "none"
    assert member.anonymised_at is not None
    assert not member.groups.exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()

    current = Position.objects.get(pk=member_with_history["current"].pk)
    assert current.ended_on == timezone.localdate()
    past = Position.objects.get(pk=member_with_history["past"].pk)
    assert past.ended_on == datetime.date(2023, 5, 1)  # history untouched
    assert Position.objects.filter(user=member).count() == 2

    # Authored rows still point at the same (now anonymous) person.
    assert member.feedback.get() == member_with_history["feedback"]
    assert MediationCase.objects.get(pk=member_with_history["case"].pk).requested_by == member

    # Rows that held their name and address by email are scrubbed; open ones closed.
    assert not AccessRequest.objects.filter(full_name="Jo Bloggs").exists()
    pending_access = AccessRequest.objects.get(pk=member_with_history["pending_access"].pk)
    assert pending_access.status == AccessRequest.Status.DECLINED and pending_access.email == member.email
    invitation = Invitation.objects.get()
    assert invitation.email == member.email and invitation.revoked_at is not None

    assert confirmed.status == AccountDeletionRequest.Status.COMPLETED
    assert confirmed.decided_by == office and confirmed.decided_at is not None
    assert not LogEntry.objects.filter(object_repr__contains="Jo Bloggs").exists()
    assert LogEntry.objects.get(change_message="Changed phone.").object_repr == "Former member"

    # Nobody else was touched.
    bystander.refresh_from_db()
    assert bystander.email == "someone.else@example.org" and bystander.is_active
    assert Position.objects.get(pk=bystander_position.pk).ended_on is None

    emails = [email for email in queued_emails() if "has been deleted" in email["subject"]]
    [email] = emails
    assert email["to"] == ["jo.bloggs@example.org"]  # the old address, rendered before the scrub
    assert "Dear Jo Bloggs" in email["text"]
    assert timezone.localdate().strftime("%B %Y") in email["text"]


def test_anonymise_is_idempotent(member, member_with_history, django_capture_on_commit_callbacks):
    office = staff_user()
    deletion_request(member)

    with django_capture_on_commit_callbacks(execute=True):
        assert account_services.user_anonymise(user=member, decided_by=office) is True
    member.refresh_from_db()
    first_state = (member.email, member.anonymised_at, member.password)

    with django_capture_on_commit_callbacks(execute=True):
        assert account_services.user_anonymise(user=member, decided_by=office) is False
    member.refresh_from_db()
    assert (member.email, member.anonymised_at, member.password) == first_state
    confirmations = [email for email in queued_emails() if "has been deleted" in email["subject"]]
    assert len(confirmations) == 1
    assert AccountDeletionRequest.objects.get(user=member).status == AccountDeletionRequest.Status.COMPLETED


def test_confirming_a_decided_request_is_refused_and_changes_nothing(member):
    office = staff_user()
    request = deletion_request(member)
    account_services.account_deletion_request_confirm(deletion_request=request, decided_by=office)
    member.refresh_from_db()
    anonymised_at = member.anonymised_at

    with pytest.raises(ValidationError, match="already been completed"):
        account_services.account_deletion_request_confirm(deletion_request=request, decided_by=office)
    member.refresh_from_db()
    assert member.anonymised_at == anonymised_at


def test_a_position_starting_in_the_future_ends_the_day_it_starts(member):
    starts = timezone.localdate() + datetime.timedelta(days=10)
    position = PositionFactory(user=member, started_on=starts)
    account_services.user_anonymise(user=member)
    position.refresh_from_db()
    assert position.ended_on == starts


def test_after_anonymisation_the_old_credentials_do_not_authenticate(member):
    assert authenticate(email="jo.bloggs@example.org", password=PASSWORD) == member
    account_services.user_anonymise(user=member)
    assert authenticate(email="jo.bloggs@example.org", password=PASSWORD) is None
    assert authenticate(email=f"deleted-user-{member.pk}@invalid.invalid", password=PASSWORD) is None


# --- Personal data export --------------------------------------------------------------------


def test_export_holds_the_persons_data_from_every_table(member, member_with_history):
    deletion_request(member, reason="Moving away.")
    data = account_selectors.personal_data_export(member)

    assert data["account"]["email"] == "jo.bloggs@example.org"
    assert data["account"]["full_name"] == "Jo Bloggs"
    assert data["account"]["phone"] == "01622 123456"
    assert data["account"]["newsletter_opt_in"] is True
    assert {(a["email"], a["verified"]) for a in data["email_addresses"]} == {
        ("jo.bloggs@example.org", True),
        ("jo@home.example.org", True),
    }
    assert [(p["council"], p["role"], p["ended_on"]) for p in data["positions"]] == [
        ("Worth Parish Council", "Chair", "2023-05-01"),
        ("Ash Parish Council", "Clerk", None),
    ]
    # Matched by their primary and confirmed addresses, whatever the case.
    assert len(data["access_requests"]) == 2
    assert data["invitations"][0]["council"] == "Worth Parish Council"
    assert data["feedback"][0]["answer"] == "Use the NALC template."
    [case] = data["mediation_requests"]
    assert case["summary"].startswith("Two councillors")
    assert [change["status"] for change in case["status_trail"]] == ["Assessing"]
    assert data["deletion_requests"][0]["reason"] == "Moving away."
    assert sorted(a["type"] for a in data["authenticators"]) == ["Recovery codes", "TOTP Authenticator"]
    assert data["about"]["controller"] == "Kent Association of Local Councils"


def test_export_leaves_out_secrets_and_other_people(member, member_with_history):
    office = staff_user(email="officer@kalc.example.org", full_name="Olive Officer")
    case = member_with_history["case"]
    case.assigned_officer = office
    case.save()
    case.named_people.add(UserFactory(full_name="Named Neighbour", email="neighbour@example.org"))
    feedback = member_with_history["feedback"]
    feedback.answered_by = office
    feedback.save()
    invitation = Invitation.objects.get()
    invitation.invited_by = office
    invitation.save()
    someone_else = UserFactory(email="other@example.org", full_name="Other Person")
    FeedbackFactory(author=someone_else, subject="Not Jo's question")
    MediationCaseFactory(requested_by=someone_else, summary="Not Jo's case")
    AccessRequestFactory(email="other@example.org", full_name="Other Person")

    text = json.dumps(account_selectors.personal_data_export(member), cls=DjangoJSONEncoder)

    member.refresh_from_db()
    secret = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP).data["secret"]
    for never in [
        member.password,
        "md5$",
        "password",
        invitation.token_hash,
        "token",
        secret,
        "Olive Officer",
        "officer@kalc.example.org",
        "Named Neighbour",
        "Other Person",
        "other@example.org",
        "Not Jo's",
    ]:
        assert never not in text, never


def test_export_of_an_empty_account_is_valid_and_empty():
    user = UserFactory()
    data = account_selectors.personal_data_export(user)
    for key in [
        "positions",
        "access_requests",
        "invitations",
        "feedback",
        "mediation_requests",
        "deletion_requests",
    ]:
        assert data[key] == []


@pytest.mark.parametrize("count", [3, 30])
def test_export_runs_a_fixed_number_of_queries(member, count, django_assert_num_queries):
    for _ in range(count):
        PositionFactory(user=member)
        FeedbackFactory(author=member)
        case = MediationCaseFactory(requested_by=member)
        MediationStatusChangeFactory(case=case)
        AccessRequestFactory(email=member.email)
        InvitationFactory(email=member.email)
    member = User.objects.get(pk=member.pk)

    with django_assert_num_queries(9):
        data = account_selectors.personal_data_export(member)
    assert len(data["positions"]) == count and len(data["feedback"]) == count
    assert len(data["mediation_requests"]) == count and len(data["invitations"]) == count


def test_respond_by_is_one_calendar_month_later():
    def at(year, month, day):
        return timezone.make_aware(datetime.datetime(year, month, day, 12))

    assert account_selectors.respond_by(at(2026, 11, 22)) == datetime.date(2026, 12, 22)
    assert account_selectors.respond_by(at(2026, 12, 15)) == datetime.date(2027, 1, 15)
    assert account_selectors.respond_by(at(2027, 1, 31)) == datetime.date(2027, 2, 28)


def test_staff_cannot_confirm_their_own_deletion_request():
    from django.core.exceptions import ValidationError

    from members.models import AccountDeletionRequest
    from members.services import account as account_services
    from members.tests.factories import staff_user

    staff = staff_user()
    request = account_services.account_deletion_request_create(user=staff, reason="Leaving KALC")

    with pytest.raises(ValidationError, match="another member of the office"):
        account_services.account_deletion_request_confirm(deletion_request=request, decided_by=staff)

    request.refresh_from_db()
    staff.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.PENDING
    assert staff.is_active and staff.anonymised_at is None


def test_the_office_reason_for_cancelling_is_kept_on_the_request():
    from members.services import account as account_services
    from members.tests.factories import UserFactory, staff_user

    request = account_services.account_deletion_request_create(user=UserFactory())
    account_services.account_deletion_request_cancel(
        deletion_request=request, cancelled_by=staff_user(), reason="You still clerk Ash; hand over first."
    )

    request.refresh_from_db()
    assert request.decision_note == "You still clerk Ash; hand over first."


# --- Only the primary and confirmed addresses ------------------------------------------------


@pytest.fixture
def someone_elses_records():
    """Another person's pending access request and open invitation, sent to their own address."""
    council = CouncilFactory(name="Eastry")
    return {
        "access": AccessRequestFactory(
            email="sam.smith@example.org",
            full_name="Sam Smith",
            council=council,
            note="I am the new clerk; my mobile is 07700 900123.",
        ),
        "invitation": InvitationFactory(
            email="sam.smith@example.org", full_name="Sam Smith", council=council
        ),
    }


def test_export_leaves_out_records_sent_to_an_address_the_person_has_not_confirmed(
    member, someone_elses_records
):
    # Anyone may type any address at /accounts/email/; unconfirmed, it proves nothing.
    EmailAddress.objects.create(user=member, email="Sam.Smith@example.org", verified=False, primary=False)

    data = account_selectors.personal_data_export(member)

    assert data["access_requests"] == [] and data["invitations"] == []
    text = json.dumps(data, cls=DjangoJSONEncoder)
    assert "Sam Smith" not in text and "07700 900123" not in text
    # The address itself is the person's own account data, and is shown as unconfirmed.
    assert {"email": "Sam.Smith@example.org", "verified": False, "primary": False} in data["email_addresses"]


def test_export_includes_records_sent_to_a_confirmed_second_address(member, someone_elses_records):
    EmailAddress.objects.create(user=member, email="Sam.Smith@example.org", verified=True, primary=False)

    data = account_selectors.personal_data_export(member)

    assert [r["note"] for r in data["access_requests"]] == [someone_elses_records["access"].note]
    assert [i["council"] for i in data["invitations"]] == ["Eastry Parish Council"]


def test_deleting_a_throwaway_account_leaves_requests_to_its_unconfirmed_addresses_alone(
    someone_elses_records, django_capture_on_commit_callbacks
):
    throwaway = UserFactory(email="throwaway@example.org", full_name="Throw Away")
    EmailAddress.objects.create(user=throwaway, email="sam.smith@example.org", verified=False, primary=False)
    own_request = AccessRequestFactory(email="throwaway@example.org", full_name="Throw Away")
    request = deletion_request(throwaway)

    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_deletion_request_confirm(deletion_request=request, decided_by=staff_user())

    access = AccessRequest.objects.get(pk=someone_elses_records["access"].pk)
    assert access.status == AccessRequest.Status.PENDING
    assert (access.full_name, access.email) == ("Sam Smith", "sam.smith@example.org")
    assert access.note == "I am the new clerk; my mobile is 07700 900123."
    assert access.decided_at is None and access.decline_reason == ""
    invitation = Invitation.objects.get(pk=someone_elses_records["invitation"].pk)
    assert invitation.revoked_at is None and invitation.full_name == "Sam Smith"
    # The throwaway's own request, to its primary address, is scrubbed as before.
    own_request.refresh_from_db()
    assert own_request.status == AccessRequest.Status.DECLINED and own_request.full_name == "Former member"


def test_deleting_an_account_scrubs_requests_to_its_confirmed_second_address(
    member, someone_elses_records, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=member, email="sam.smith@example.org", verified=True, primary=False)

    with django_capture_on_commit_callbacks(execute=True):
        account_services.user_anonymise(user=member, decided_by=staff_user())

    access = AccessRequest.objects.get(pk=someone_elses_records["access"].pk)
    assert access.status == AccessRequest.Status.DECLINED and access.note == ""
    assert Invitation.objects.get(pk=someone_elses_records["invitation"].pk).revoked_at is not None


def test_confirmed_email_addresses_are_the_primary_and_the_verified_ones(member):
    EmailAddress.objects.create(user=member, email="Jo@Work.example.org", verified=True, primary=False)
    EmailAddress.objects.create(user=member, email="someone@example.org", verified=False, primary=False)

    assert account_selectors.confirmed_email_addresses(member) == {
        "jo.bloggs@example.org",
        "jo@work.example.org",
    }


def test_anonymise_erases_the_person_from_the_email_outbox(member):
    from kalc_portal.outbox.models import OutgoingMail
    from kalc_portal.outbox.services import mail_queue, mail_send

    def queue(to, key):
        return mail_queue(
            purpose="outbox.test",
            object_key=key,
            to=to,
            template="outbox/test_message",
            context={"name": "Jo"},
        )

    sent = queue("Jo.Bloggs@example.org", "sent")
    mail_send(outgoing_mail_id=sent.pk)
    waiting = queue("jo.bloggs@example.org", "waiting")
    bystanders = queue("someone.else@example.org", "sent")

    account_services.user_anonymise(user=member, decided_by=staff_user())

    member.refresh_from_db()
    for row, status in ((sent, OutgoingMail.Status.SENT), (waiting, OutgoingMail.Status.FAILED)):
        row.refresh_from_db()
        assert row.status == status
        assert row.to == member.email and "jo.bloggs" not in row.idempotency_key.lower()
        assert row.subject == row.body_text == row.body_html == ""
    assert waiting.last_error == "Not sent: the recipient's account was anonymised."
    bystanders.refresh_from_db()
    assert bystanders.to == "someone.else@example.org" and "Hello Jo" in bystanders.body_text
    # The confirmation still goes to the old address, and keeps no body once sent.
    confirmation = OutgoingMail.objects.get(purpose="members.account_deletion_confirmed")
    assert confirmation.to == "jo.bloggs@example.org" and confirmation.status == OutgoingMail.Status.QUEUED
    assert mail_send(outgoing_mail_id=confirmation.pk).status == "sent"
    confirmation.refresh_from_db()
    assert confirmation.body_text == ""
