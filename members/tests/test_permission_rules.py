"""The rules in permissions.py, role by role (the URL matrices live with each feature)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from members import permissions
from members.models import MediationCase, Position
from members.tests.conftest import UNVERIFIED_STAFF
from members.tests.factories import PositionFactory, as_request_user

pytestmark = pytest.mark.django_db

OVERVIEW = {"chair_a", "clerk_a", "deputy_clerk_a", "staff"}
MANAGE = {"clerk_a", "deputy_clerk_a", "staff"}
MEMBERS = {"councillor_a", "chair_a", "clerk_a", "deputy_clerk_a", "clerk_b", "staff"}


def as_from_their_session(role, user):
    """The person as their request hands them to the rules: staff_password_only's session
    has no MFA step; everyone else's has one when they have an authenticator app."""
    return as_request_user(user, mfa=role != UNVERIFIED_STAFF) if user is not None else AnonymousUser()


@pytest.mark.parametrize(
    "role", ["anonymous", *sorted(MEMBERS), "no_position", "mediation_officer", UNVERIFIED_STAFF]
)
def test_council_rules_for_council_a(people, council_a, role):
    user = as_from_their_session(role, people[role])

    assert permissions.can_view_council_overview(user, council_a) is (role in OVERVIEW)
    assert permissions.can_manage_council(user, council_a) is (role in MANAGE)
    assert permissions.can_view_member_directory(user) is (role in MEMBERS)
    assert permissions.can_request_mediation(user, council_a) is (role in {"chair_a", "clerk_a"})
    assert permissions.can_hand_over_clerkship(user, council_a) is (role in {"clerk_a", "staff"})
    assert permissions.can_invite_role(user, council_a, Position.Role.COUNCILLOR) is (role in MANAGE)
    assert permissions.can_invite_role(user, council_a, Position.Role.CLERK) is False


def test_a_clerk_of_b_has_no_say_over_a(people, council_a):
    clerk_b = people["clerk_b"]
    assert not permissions.can_manage_council(clerk_b, council_a)
    assert not permissions.can_view_council_overview(clerk_b, council_a)


def test_ended_positions_give_no_rights(people, council_a):
    from members import services

    clerk = people["clerk_a"]
    services.position_end(position=clerk.positions.get())
    clerk = type(clerk).objects.get(pk=clerk.pk)  # fresh object: role caches are per request
    assert not permissions.can_manage_council(clerk, council_a)


def test_mediation_cases_are_seen_only_by_officers_the_requester_and_named_people(people, council_a):
    case = MediationCase.objects.create(
        council=council_a, requested_by=people["clerk_a"], summary="A dispute"
    )
    named = PositionFactory(council=council_a).user
    case.named_people.add(named)

    visible = {
        role
        for role, user in people.items()
        if user and permissions.can_view_mediation_case(as_from_their_session(role, user), case)
    }

    assert visible == {"clerk_a", "mediation_officer"}
    assert permissions.can_view_mediation_case(named, case)
    assert not permissions.can_view_mediation_case(people["deputy_clerk_a"], case)


def test_staff_powers_need_the_authenticator_app_used_in_this_session(people, council_a):
    staff = type(people["staff"]).objects.get(pk=people["staff"].pk)
    assert not permissions.can_manage_council(staff, council_a)  # no request, no session: no power
    assert not permissions.can_manage_council(as_request_user(staff, mfa=False), council_a)
    assert permissions.can_manage_council(as_request_user(staff, mfa=True), council_a)
    officer = type(people["mediation_officer"]).objects.get(pk=people["mediation_officer"].pk)
    assert permissions.is_mediation_officer(officer)  # who they are does not change
    assert not permissions.can_manage_mediation_cases(as_request_user(officer, mfa=False))
    assert permissions.can_manage_mediation_cases(as_request_user(officer, mfa=True))


def test_ending_positions(people, council_a):
    councillor_position = people["councillor_a"].positions.get()
    assert permissions.can_end_position(people["clerk_a"], councillor_position)
    assert permissions.can_end_position(people["councillor_a"], councillor_position)
    assert not permissions.can_end_position(people["clerk_b"], councillor_position)
    assert not permissions.can_end_position(people["chair_a"], councillor_position)
