"""Every URL of the foundation x every role, with the exact status expected."""

import pytest

from members import permissions, services
from members.models import Position
from members.tests.factories import (
    CouncilFactory,
    PositionFactory,
    UserFactory,
    as_request_user,
    sign_in,
    staff_user,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "councillor_a",
    "chair_a",
    "clerk_a",
    "clerk_b",
    "staff_without_totp",
    "staff_password_only",
    "staff",
    "inactive_clerk",
]

# (url, expected status per role, where redirects go for those that redirect). Staff reach
# the admin only with their authenticator app used in this session: staff_password_only
# has one but signed in with the password alone.
MATRIX = {
    "/": dict.fromkeys(ROLES, 200),
    "/privacy/": dict.fromkeys(ROLES, 200),
    "/accessibility/": dict.fromkeys(ROLES, 200),
    "/healthz": dict.fromkeys(ROLES, 200),
    "/my/": {**dict.fromkeys(ROLES, 200), "anonymous": 302, "inactive_clerk": 302},
    "/accounts/login/": {**dict.fromkeys(ROLES, 302), "anonymous": 200, "inactive_clerk": 200},
    "/accounts/signup/": {**dict.fromkeys(ROLES, 302), "anonymous": 200, "inactive_clerk": 200},
    "/admin/": {**dict.fromkeys(ROLES, 302), "staff": 200},
    "/admin/members/council/": {**dict.fromkeys(ROLES, 302), "staff": 200},
    "/admin/members/position/": {**dict.fromkeys(ROLES, 302), "staff": 200},
    "/admin/members/user/": {**dict.fromkeys(ROLES, 302), "staff": 200},
}


@pytest.fixture
def foundation_people():
    council_a, council_b = CouncilFactory(name="Ash"), CouncilFactory(name="Worth")
    people = {"anonymous": None}
    for role, council, position_role in [
        ("councillor_a", council_a, Position.Role.COUNCILLOR),
        ("chair_a", council_a, Position.Role.CHAIR),
        ("clerk_a", council_a, Position.Role.CLERK),
        ("clerk_b", council_b, Position.Role.CLERK),
    ]:
        people[role] = PositionFactory(council=council, role=position_role).user
    people["staff_without_totp"] = staff_user(with_totp=False)
    people["staff"] = staff_user()
    people["staff_password_only"] = staff_user()
    inactive = UserFactory()
    PositionFactory(user=inactive, council=council_b, role=Position.Role.DEPUTY_CLERK)
    people["inactive_clerk"] = services.user_deactivate(user=inactive)
    return people


@pytest.mark.parametrize("url", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, foundation_people, url, role):
    if foundation_people[role] is not None:
        sign_in(client, foundation_people[role], mfa=False if role == "staff_password_only" else None)

    response = client.get(url)

    assert response.status_code == MATRIX[url][role], f"{role} GET {url}"


ADMIN_REDIRECTS = {
    "anonymous": "/accounts/login/?next=",
    "staff_without_totp": "/accounts/2fa/totp/activate/",
    "staff_password_only": "/accounts/2fa/reauthenticate/?next=",
    "clerk_a": "/my/",
}


@pytest.mark.parametrize("role", ADMIN_REDIRECTS)
def test_the_admin_sends_each_refused_person_where_they_can_get_in_or_out(client, foundation_people, role):
    if foundation_people[role] is not None:
        sign_in(client, foundation_people[role], mfa=False if role == "staff_password_only" else None)

    response = client.get("/admin/members/user/", follow=True)

    assert response.redirect_chain[0][0] == "/admin/login/?next=/admin/members/user/"
    assert response.redirect_chain[1][0].startswith(ADMIN_REDIRECTS[role])
    if role == "staff_password_only":
        # After the code, back to the admin page asked for.
        assert response.redirect_chain[1][0].endswith("next=%2Fadmin%2Fmembers%2Fuser%2F")
        assert "Enter the code from your authenticator app" in response.content.decode()


@pytest.mark.parametrize(
    "role, expected_location",
    [
        ("anonymous", "/accounts/login/?next=/my/"),
        ("clerk_a", "/my/"),
    ],
)
def test_redirects_go_where_a_person_expects(client, foundation_people, role, expected_location):
    if foundation_people[role]:
        sign_in(client, foundation_people[role])
    url = "/my/" if role == "anonymous" else "/accounts/login/"
    assert client.get(url)["Location"] == expected_location


def test_permission_functions(foundation_people):
    people = foundation_people
    assert permissions.can_enter_admin(as_request_user(people["staff"]))
    # A staff user object that came from no MFA session holds no staff power.
    assert not permissions.can_enter_admin(people["staff_password_only"])
    assert not permissions.can_enter_admin(as_request_user(people["staff_password_only"], mfa=False))
    without_totp = as_request_user(people["staff_without_totp"], mfa=False)
    assert not permissions.can_enter_admin(without_totp)
    assert permissions.office_verification_needed(without_totp) == "activate"
    assert permissions.office_verification_needed(people["staff_password_only"]) == "authenticate"
    assert permissions.needs_mfa_for_admin(people["staff_without_totp"])
    assert not permissions.needs_mfa_for_admin(people["clerk_a"])
    assert not permissions.can_enter_admin(people["clerk_a"])
    assert not permissions.is_office_staff(people["clerk_b"])
