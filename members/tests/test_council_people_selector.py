"""selectors.access.council_people reads the People page's council, positions (current
first, by role then name) and open invitations, in three queries whatever their number."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from members.models import Council, Invitation, Position, User
from members.selectors import access as selectors
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory
from members.tests.factories_access import issue_invitation, let_invitation_expire

pytestmark = pytest.mark.django_db


def orm_positions(council):
    return (
        Position.objects.filter(council=council)
        .select_related("user")
        .order_by(F("ended_on").desc(nulls_first=True), "role", "user__full_name", "pk")
    )


def orm_open_invitations(council):
    return Invitation.objects.filter(
        council=council, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


@pytest.fixture
def council():
    council = CouncilFactory(name="Ash & <Sons>", slug="ash", contact_phone="01304 812345", electorate=2500)
    # Names that sort differently by byte and by the database's collation, and equal names.
    for name, role in [
        ("alex Able", Position.Role.COUNCILLOR),
        ("Alex Baker", Position.Role.COUNCILLOR),
        ("Émile Zola", Position.Role.COUNCILLOR),
        ("", Position.Role.COUNCILLOR),
        ("Same Name", Position.Role.CHAIR),
        ("Same Name", Position.Role.VICE_CHAIR),
        ("Zed O'Neill & <Co>", Position.Role.CLERK),
    ]:
        PositionFactory(council=council, role=role, user=UserFactory(full_name=name))
    for number, role in enumerate(Position.Role.values):
        past = PositionFactory(council=council, started_on=datetime.date(2015, 1, 1 + number))
        Position.objects.filter(pk=past.pk).update(role=role, ended_on=datetime.date(2019 + number % 2, 5, 4))
    User.objects.filter(positions__council=council).update(
        last_login=datetime.datetime(2026, 7, 1, 23, 30, 15, 120000, tzinfo=datetime.UTC)
    )
    issue_invitation(council=council, email="first@example.org")
    issue_invitation(council=council, email="second@example.org", full_name="", role=Position.Role.RFO)
    let_invitation_expire(issue_invitation(council=council, email="late@example.org")[0])
    revoked, _ = issue_invitation(council=council, email="revoked@example.org")
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    other = CouncilFactory(name="Worth")
    PositionFactory(council=other)
    issue_invitation(council=other, email="elsewhere@example.org")
    return council


def test_it_reads_every_position_and_open_invitation_in_order(council, django_assert_num_queries):
    with django_assert_num_queries(3):
        people = selectors.council_people("ash")

    expected = Council.objects.get(pk=council.pk)
    assert {f.attname: getattr(people.council, f.attname) for f in Council._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in Council._meta.concrete_fields
    }
    shown = ["pk", "user_id", "council_id", "role", "started_on", "ended_on", "is_current"]
    assert [[getattr(p, name) for name in shown] for p in people.positions] == [
        [getattr(p, name) for name in shown] for p in orm_positions(council)
    ]
    assert [
        (p.user.pk, p.user.get_full_name(), p.user.email, p.user.last_login) for p in people.positions
    ] == [
        (p.user.pk, p.user.get_full_name(), p.user.email, p.user.last_login) for p in orm_positions(council)
    ]
    shown = ["pk", "email", "full_name", "role", "created_at", "expires_at", "council_id"]
    assert [[getattr(i, name) for name in shown] for i in people.open_invitations] == [
        [getattr(i, name) for name in shown] for i in orm_open_invitations(council)
    ]
    assert [i.email for i in people.open_invitations] == ["second@example.org", "first@example.org"]
    with django_assert_num_queries(0):
        assert all(p.council is people.council for p in people.positions)
        assert all(i.council is people.council for i in people.open_invitations)


def test_a_council_with_nobody(db):
    CouncilFactory(slug="empty")

    people = selectors.council_people("empty")

    assert people.council.slug == "empty" and people.positions == [] and people.open_invitations == []


def test_no_such_council():
    assert selectors.council_people("no-such-council") is None
