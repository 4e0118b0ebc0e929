"""Role fixtures shared by the members' tests, including the permission matrices.

Council A is Ash (Dover); council B is Worth (Dover). Each person is built through
the real services."""

import pytest

from members import permissions
from members.models import Position
from members.tests.factories import (
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    as_request_user,
    office_user,
    sign_in,
    staff_user,
)

ROLES = [
    "anonymous",
    "councillor_a",
    "chair_a",
    "clerk_a",
    "deputy_clerk_a",
    "clerk_b",
    "no_position",
    "staff",
    "staff_password_only",
    "mediation_officer",
]
# Office staff with an authenticator app who signed in with the password alone (the MFA
# step not done in this session): every staff power refuses them and sends them to it.
UNVERIFIED_STAFF = "staff_password_only"


@pytest.fixture
def council_a(db):
    return CouncilFactory(name="Ash", slug="ash", area_committee=AreaCommitteeFactory(district="Dover"))


@pytest.fixture
def council_b(db):
    return CouncilFactory(name="Worth", slug="worth", area_committee=AreaCommitteeFactory(district="Dover"))


@pytest.fixture
def people(council_a, council_b):
    """Everyone the matrices test, by role name; anonymous is None."""
    people = {"anonymous": None}
    for name, council, role in [
        ("councillor_a", council_a, Position.Role.COUNCILLOR),
        ("chair_a", council_a, Position.Role.CHAIR),
        ("clerk_a", council_a, Position.Role.CLERK),
        ("deputy_clerk_a", council_a, Position.Role.DEPUTY_CLERK),
        ("clerk_b", council_b, Position.Role.CLERK),
    ]:
        people[name] = PositionFactory(council=council, role=role).user
    people["no_position"] = UserFactory()
    people["staff"] = staff_user()
    people["staff_password_only"] = staff_user()
    people["mediation_officer"] = office_user(permissions.MEDIATION_OFFICER)
    # Each as their own request hands them to the rules and services (members.middleware):
    # with the MFA step when they have an authenticator app, except staff_password_only.
    for role, person in people.items():
        if person is not None:
            as_request_user(person, mfa=role != UNVERIFIED_STAFF)
    return people


@pytest.fixture
def login_as(client, people):
    """login_as("clerk_a") signs the test client in as that person (or stays anonymous)."""

    def _login(role):
        if people[role] is not None:
            sign_in(client, people[role], mfa=False if role == UNVERIFIED_STAFF else None)
        return people[role]

    return _login


def redirect_prefix(role: str) -> str:
    """Where a refused page sends this role: staff who have not used their authenticator
    app this session go to do that, anonymous visitors to sign in."""
    return "/accounts/2fa/reauthenticate/?next=" if role == UNVERIFIED_STAFF else "/accounts/login/?next="
