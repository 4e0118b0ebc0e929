"""Mediation services and selectors, against the real database."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kalc_portal.outbox.tests.support import sent_mail
from members.models import MediationCase, MediationStatusChange, Position
from members.selectors.mediation import (
    councils_for_mediation_request,
    mediation_cases_for,
    people_who_may_be_named,
)
from members.services.mediation import (
    mediation_case_assign,
    mediation_case_create,
    mediation_case_name_people,
    mediation_case_status_change,
    mediation_status_change_notify,
)
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db


def test_a_clerk_opens_a_case_that_starts_received_with_its_first_trail_row(
    people, council_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        case = mediation_case_create(
            council=council_a,
            requested_by=people["clerk_a"],
            summary="  Meetings keep breaking down.  ",
            parties="Two councillors",
            preferred_contact="Phone",
        )

    assert case.status == MediationCase.Status.RECEIVED
    assert case.summary == "Meetings keep breaking down."
    [change] = case.status_changes.all()
    assert (change.status, change.changed_by, change.requester_notified_at) == (
        MediationCase.Status.RECEIVED,
        people["clerk_a"],
        None,
    )
    # The acknowledgement task and one alert per mediation officer wait for the commit.
    assert len(callbacks) == 2


@pytest.mark.parametrize("role", ["chair_a", "clerk_a"])
def test_the_clerk_or_the_chair_may_open_a_case(people, council_a, role):
    case = mediation_case(requested_by=people[role], council=council_a)
    assert case.requested_by == people[role]


@pytest.mark.parametrize("role", ["councillor_a", "deputy_clerk_a", "clerk_b", "no_position", "staff"])
def test_nobody_else_may_open_a_case_for_council_a(people, council_a, role):
    with pytest.raises(ValidationError) as error:
        mediation_case(requested_by=people[role], council=council_a)
    assert "council" in error.value.message_dict
    assert not MediationCase.objects.exists()
    assert not MediationStatusChange.objects.exists()


def test_a_former_clerk_may_no_longer_open_a_case(council_a):
    from members.services import position_end

    position = PositionFactory(council=council_a, role=Position.Role.CLERK)
    position_end(position=position)
    with pytest.raises(ValidationError):
        mediation_case(requested_by=position.user, council=council_a)


def test_councils_offered_for_a_request_are_those_where_the_person_is_clerk_or_chair():
    person = UserFactory()
    clerk_of = PositionFactory(user=person, role=Position.Role.CLERK).council
    chair_of = PositionFactory(user=person, role=Position.Role.CHAIR).council
    PositionFactory(user=person, role=Position.Role.COUNCILLOR)  # not enough

    assert {c.pk for c in councils_for_mediation_request(person)} == {clerk_of.pk, chair_of.pk}


def test_the_notification_is_sent_once_however_often_it_runs(people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    change = case.status_changes.get()

    assert mediation_status_change_notify(change_id=change.pk) is True
    assert mediation_status_change_notify(change_id=change.pk) is False

    # The mediation officers' alert about the new case goes too; the requester gets one.
    [message] = [m for m in sent_mail() if m.to == [people["clerk_a"].email]]
    assert message.subject == f"[KALC] We have received your mediation request (case {case.pk})"
    assert "Ash Parish Council" in message.body
    assert f"http://testserver/mediation/cases/{case.pk}/" in message.body
    assert "&#x27;" not in message.body  # plain text is not HTML-escaped
    assert message.alternatives[0].mimetype == "text/html"
    change.refresh_from_db()
    assert change.requester_notified_at is not None


def test_a_status_change_adds_a_trail_row_and_tells_the_requester_with_the_note(people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    officer = people["mediation_officer"]

    change = mediation_case_status_change(
        case=case, status="assessing", note="I will call you on Monday.", changed_by=officer
    )

    case.refresh_from_db()
    assert case.status == MediationCase.Status.ASSESSING
    assert list(case.status_changes.values_list("status", flat=True)) == ["received", "assessing"]
    assert change.changed_by == officer
    mediation_status_change_notify(change_id=change.pk)
    [message] = [m for m in sent_mail() if m.to == [people["clerk_a"].email]]
    assert message.subject == f"[KALC] Mediation case {case.pk} is now assessing"
    assert "I will call you on Monday." in message.body
    assert "I will call you on Monday." in message.alternatives[0].content


def test_the_same_status_needs_a_note_and_an_unknown_status_is_refused(people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    officer = people["mediation_officer"]

    with pytest.raises(ValidationError) as error:
        mediation_case_status_change(case=case, status="received", note=" ", changed_by=officer)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        mediation_case_status_change(case=case, status="settled", changed_by=officer)
    assert case.status_changes.count() == 1

    mediation_case_status_change(
        case=case, status="received", note="Still gathering facts.", changed_by=officer
    )
    assert case.status_changes.count() == 2


@pytest.mark.parametrize("role", ["clerk_a", "staff", "chair_a"])
def test_only_officers_change_status_assign_or_name_people(people, council_a, role):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    with pytest.raises(PermissionDenied):
        mediation_case_status_change(case=case, status="closed", changed_by=people[role])
    with pytest.raises(PermissionDenied):
        mediation_case_assign(case=case, officer=people["mediation_officer"], assigned_by=people[role])
    with pytest.raises(PermissionDenied):
        mediation_case_name_people(case=case, people=[people["chair_a"]], named_by=people[role])
    case.refresh_from_db()
    assert (case.status, case.assigned_officer, case.named_people.count()) == ("received", None, 0)


def test_a_case_is_assigned_only_to_a_mediation_officer(people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    officer = people["mediation_officer"]

    with pytest.raises(ValidationError):
        mediation_case_assign(case=case, officer=people["staff"], assigned_by=officer)
    assert mediation_case_assign(case=case, officer=officer, assigned_by=officer).assigned_officer == officer


def test_people_named_are_the_councils_people_only(people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    officer = people["mediation_officer"]

    assert set(people_who_may_be_named(case)) == {
        people["councillor_a"],
        people["chair_a"],
        people["deputy_clerk_a"],
    }
    with pytest.raises(ValidationError):
        mediation_case_name_people(case=case, people=[people["chair_a"], people["clerk_b"]], named_by=officer)
    assert case.named_people.count() == 0

    mediation_case_name_people(case=case, people=[people["chair_a"]], named_by=officer)
    assert list(case.named_people.all()) == [people["chair_a"]]
    mediation_case_name_people(case=case, people=[], named_by=officer)
    assert case.named_people.count() == 0


def test_who_sees_which_cases(people, council_a, council_b):
    own = mediation_case(requested_by=people["clerk_a"], council=council_a)
    other = mediation_case(requested_by=people["clerk_b"], council=council_b)
    mediation_case_name_people(
        case=own, people=[people["councillor_a"]], named_by=people["mediation_officer"]
    )
    mediation_case_status_change(case=other, status="closed", changed_by=people["mediation_officer"])

    def visible(role, **kwargs):
        return set(mediation_cases_for(people[role], **kwargs))

    assert visible("mediation_officer") == {own, other}
    assert visible("mediation_officer", status="closed") == {other}
    assert visible("clerk_a") == {own}
    assert visible("councillor_a") == {own}
    assert visible("clerk_b") == {other}
    for role in ("deputy_clerk_a", "chair_a", "staff", "no_position"):
        assert visible(role) == set(), role


def test_a_council_with_several_cases_keeps_them_apart():
    council = CouncilFactory()
    clerk = PositionFactory(council=council, role=Position.Role.CLERK).user
    chair = PositionFactory(council=council, role=Position.Role.CHAIR).user
    clerks_case = mediation_case(requested_by=clerk, council=council)
    chairs_case = mediation_case(requested_by=chair, council=council)

    assert list(mediation_cases_for(clerk)) == [clerks_case]
    assert list(mediation_cases_for(chair)) == [chairs_case]


def test_no_email_goes_to_a_requester_whose_account_was_deactivated(people, council_a):
    from members.services import user_deactivate

    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    user_deactivate(user=people["clerk_a"])

    assert mediation_status_change_notify(change_id=case.status_changes.get().pk) is False
    assert [m for m in sent_mail() if m.to == [people["clerk_a"].email]] == []
    assert case.status_changes.get().requester_notified_at is None
