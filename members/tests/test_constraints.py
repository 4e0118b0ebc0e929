"""The database itself keeps Position's invariants, whatever code writes the row."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from members.models import Position, User
from members.tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def raw_position(**kwargs):
    # Deliberately bypasses the service and model validation: only the database stands in the way.
    return Position.objects.create(**kwargs)


def test_at_most_one_current_clerk_per_council():
    council = CouncilFactory()
    raw_position(user=UserFactory(), council=council, role="clerk")

    with pytest.raises(IntegrityError, match="position_one_current_clerk_per_council"), transaction.atomic():
        raw_position(user=UserFactory(), council=council, role="clerk")


def test_an_ended_clerk_does_not_block_the_next_one():
    council = CouncilFactory()
    raw_position(user=UserFactory(), council=council, role="clerk", ended_on=datetime.date.today())
    raw_position(user=UserFactory(), council=council, role="clerk")

    assert council.positions.filter(role="clerk").count() == 2


def test_other_roles_may_have_many_current_holders():
    council = CouncilFactory()
    for _ in range(3):
        raw_position(user=UserFactory(), council=council, role="councillor")
    assert council.positions.current().count() == 3


def test_no_duplicate_current_role_for_the_same_person_and_council():
    council, person = CouncilFactory(), UserFactory()
    raw_position(user=person, council=council, role="councillor")

    with pytest.raises(IntegrityError, match="position_no_duplicate_current_role"), transaction.atomic():
        raw_position(user=person, council=council, role="councillor")

    # Re-taking a role after it ended is fine, and so is a second role.
    Position.objects.filter(user=person).update(ended_on=datetime.date.today())
    raw_position(user=person, council=council, role="councillor")
    raw_position(user=person, council=council, role="vice_chair")


def test_a_position_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError, match="position_ends_after_it_starts"), transaction.atomic():
        raw_position(
            user=UserFactory(),
            council=CouncilFactory(),
            role="chair",
            started_on=datetime.date(2025, 5, 1),
            ended_on=datetime.date(2025, 4, 30),
        )


def test_email_is_unique_whatever_its_case():
    User.objects.create(email="clerk@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="CLERK@example.org")


def test_positions_are_never_deleted_with_their_council_or_person():
    from django.db.models import ProtectedError

    council = CouncilFactory()
    raw_position(user=UserFactory(), council=council, role="chair")
    with pytest.raises(ProtectedError):
        council.delete()
