"""Every URL of the foundation x every role, with the exact status expected."""

import pytest

from members import permissions, services
from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "councillor_a",
    "chair_a",
    "clerk_a",
    "clerk_b",
    "staff_without_totp",
    "staff",
    "inactive_clerk",
]

# (url, expected status per role, where redirects go for those that redirect)
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
    inactive = UserFactory()
    PositionFactory(user=inactive, council=council_b, role=Position.Role.DEPUTY_CLERK)
    people["inactive_clerk"] = services.user_deactivate(user=inactive)
    return people


@pytest.mark.parametrize("url", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, foundation_people, url, role):
    if foundation_people[role] is not None:
        client.force_login(foundation_people[role])

    response = client.get(url)

    assert response.status_code == MATRIX[url][role], f"{role} GET {url}"


@pytest.mark.parametrize(
    "role, expected_location",
    [
        ("anonymous", "/accounts/login/?next=/my/"),
        ("clerk_a", "/my/"),
    ],
)
def test_redirects_go_where_a_person_expects(client, foundation_people, role, expected_location):
    if foundation_people[role]:
        client.force_login(foundation_people[role])
    url = "/my/" if role == "anonymous" else "/accounts/login/"
    assert client.get(url)["Location"] == expected_location


def test_permission_functions(foundation_people):
    people = foundation_people
    assert permissions.can_enter_admin(people["staff"])
    assert not permissions.can_enter_admin(people["staff_without_totp"])
    assert permissions.needs_mfa_for_admin(people["staff_without_totp"])
    assert not permissions.needs_mfa_for_admin(people["clerk_a"])
    assert not permissions.can_enter_admin(people["clerk_a"])
    assert not permissions.is_office_staff(people["clerk_b"])
