"""Test data for the directory, council pages and area committees, built through services."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import update_last_login

from members import services
from members.models import Council, Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory

KENT_COUNCILS_CSV = Path(settings.BASE_DIR) / "members" / "data" / "kent_councils.csv"


def load_kent_councils() -> services.CouncilLoadResult:
    """The 326 real Kent and Medway councils, loaded as production loads them (all members)."""
    return services.councils_load_csv(text=KENT_COUNCILS_CSV.read_text(encoding="utf-8"))


def council_with_people(count: int, *, council: Council | None = None, signed_in: bool = True) -> Council:
    """A council whose clerk and `count - 1` councillors hold current positions."""
    council = council or CouncilFactory()
    for index in range(count):
        role = Position.Role.CLERK if index == 0 else Position.Role.COUNCILLOR
        user = UserFactory()
        if signed_in:
            # What Django's login signal does when the person signs in.
            update_last_login(None, user)
        PositionFactory(user=user, council=council, role=role)
    return council
