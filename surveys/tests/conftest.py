"""Roles for the survey matrices: the members' people plus a former clerk of council A."""

import datetime

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import Position
from members.tests.conftest import council_a, council_b  # noqa: F401
from members.tests.factories import PositionFactory, as_request_user, sign_in, staff_user
from surveys.tests.factories import build_survey

ROLES = [
    "anonymous",
    "councillor_a",
    "chair_a",
    "clerk_a",
    "deputy_clerk_a",
    "clerk_b",
    "former_clerk_a",
    "staff",
    "staff_password_only",
]


@pytest.fixture
def people(council_a, council_b):  # noqa: F811
    people = {"anonymous": None}
    for name, council, role in [
        ("councillor_a", council_a, Position.Role.COUNCILLOR),
        ("chair_a", council_a, Position.Role.CHAIR),
        ("deputy_clerk_a", council_a, Position.Role.DEPUTY_CLERK),
        ("clerk_b", council_b, Position.Role.CLERK),
    ]:
        people[name] = PositionFactory(
            council=council, role=role, user__full_name=name.replace("_", " ").title()
        ).user
    former = PositionFactory(
        council=council_a,
        role=Position.Role.CLERK,
        started_on=timezone.localdate() - datetime.timedelta(days=400),
        user__full_name="Former Clerk A",
    )
    member_services.position_end(position=former, ended_on=timezone.localdate() - datetime.timedelta(days=1))
    people["former_clerk_a"] = former.user
    people["clerk_a"] = PositionFactory(
        council=council_a, role=Position.Role.CLERK, user__full_name="Clerk A"
    ).user
    people["staff"] = staff_user(full_name="Office Staff")
    # Has an authenticator but signed in with the password alone: no staff powers.
    people["staff_password_only"] = staff_user(full_name="Password Only Staff")
    for role, person in people.items():
        if person is not None:
            # as their own request hands them to services
            as_request_user(person, mfa=role != "staff_password_only")
    return people


@pytest.fixture
def survey(db):
    return build_survey()


@pytest.fixture
def login_as(client, people):
    def _login(role):
        if people[role] is not None:
            sign_in(client, people[role], mfa=False if role == "staff_password_only" else None)
        return people[role]

    return _login
