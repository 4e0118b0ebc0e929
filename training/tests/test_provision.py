"""provision_training adds the demo programme once, through the services."""

import pytest
from django.core.management import call_command

from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory, staff_user
from training.models import BookingPlace, Event, EventFeedback, SessionAttendance
from training.selectors import records as record_selectors
from training.selectors.staff import events_for_staff

pytestmark = pytest.mark.django_db


def test_the_demo_programme_is_added_once_and_the_chairmanship_course_is_full():
    sandwich = CouncilFactory(name="Sandwich", slug="sandwich", district="Dover")
    PositionFactory(council=sandwich, role=Position.Role.CLERK, user__email="clerk@example.org")
    PositionFactory(council=sandwich, role=Position.Role.CHAIR, user__email="chair@example.org")
    PositionFactory(council=sandwich, role=Position.Role.COUNCILLOR, user__email="councillor@example.org")
    staff_user(email="office@example.org")

    call_command("provision_training", "--demo-content", stdout=None)
    call_command("provision_training", "--demo-content", stdout=None)

    assert Event.objects.published().count() == 10
    assert Event.objects.get(slug="emergency-planning").provider == "Kent Resilience Team"
    assert Event.objects.get(slug="clerks-networking").sessions.get().online_url
    chairmanship = BookingPlace.objects.filter(event__slug="chairmanship", status="confirmed")
    assert sorted(chairmanship.values_list("email", flat=True)) == [
        "chair@example.org",
        "councillor@example.org",
    ]
    # The past events' registers are marked: the records have something to show.
    attended = SessionAttendance.objects.filter(present=True)
    assert sorted(attended.values_list("place__event__slug", "place__email")) == [
        ("clerks-networking-autumn", "clerk@example.org"),
        ("councillor-essentials", "chair@example.org"),
        ("councillor-essentials", "councillor@example.org"),
    ]
    record = list(record_selectors.record_for_council(sandwich).values_list("email", flat=True))
    assert record[0] == "clerk@example.org"  # the latest event first (then by name)
    assert sorted(record[1:]) == ["chair@example.org", "councillor@example.org"]

    # The past course has the demo people's feedback, once, and the staff list shows its score.
    assert sorted(EventFeedback.objects.values_list("place__email", "rating")) == [
        ("chair@example.org", 5),
        ("councillor@example.org", 4),
    ]
    past = events_for_staff(period="past").get(slug="code-of-conduct-refresher")
    assert (past.feedback_count, past.feedback_average) == (2, 4.5)


def test_nothing_is_added_with_debug_off_unless_asked(settings):
    settings.DEBUG = False
    call_command("provision_training", stdout=None)
    assert not Event.objects.exists()
