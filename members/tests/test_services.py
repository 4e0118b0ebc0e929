import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import AreaCommittee, Council, Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "name,kind,district\n"
    "Ash,parish,Dover\n"
    "Sandwich,town,Dover\n"
    "Newington,parish,Swale\n"
    "Newington,parish,Folkestone and Hythe\n"
)


def test_user_create_makes_a_verified_primary_email_address():
    user = services.user_create(
        email="Clerk@Example.org", full_name="Alex", password="x" * 12, email_verified=True
    )

    address = user.emailaddress_set.get()
    assert user.email == "clerk@example.org"
    assert address.email == "clerk@example.org"
    assert address.primary and address.verified
    assert user.check_password("x" * 12)


def test_councils_load_csv_creates_councils_and_one_area_committee_per_district():
    result = services.councils_load_csv(text=GOOD_CSV)

    assert (result.created, result.updated, result.area_committees_created) == (4, 0, 3)
    sandwich = Council.objects.get(name="Sandwich")
    assert sandwich.kind == Council.Kind.TOWN
    assert sandwich.display_name == "Sandwich Town Council"
    assert sandwich.area_committee.name == "Dover Area Committee"
    assert sandwich.membership_status == Council.MembershipStatus.MEMBER
    # Names shared by two districts carry the district in the slug.
    assert set(Council.objects.filter(name="Newington").values_list("slug", flat=True)) == {
        "newington-swale",
        "newington-folkestone-and-hythe",
    }
    assert sandwich.slug == "sandwich"


def test_councils_load_csv_is_idempotent_and_keeps_what_staff_edited():
    services.councils_load_csv(text=GOOD_CSV)
    Council.objects.filter(name="Ash").update(
        contact_email="clerk@ash.example.org", membership_status="lapsed"
    )

    result = services.councils_load_csv(text=GOOD_CSV.replace("Ash,parish", "Ash,town"))

    assert (result.created, result.updated, result.area_committees_created) == (0, 1, 0)
    ash = Council.objects.get(name="Ash")
    assert ash.kind == "town"
    assert ash.contact_email == "clerk@ash.example.org"
    assert ash.membership_status == "lapsed"
    assert Council.objects.count() == 4


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("title,kind,district\nAsh,parish,Dover\n", 1, "header"),
        ("name,kind,district\nAsh,parish,Dover\nSandwich,city,Dover\n", 3, "unknown kind 'city'"),
        ("name,kind,district\nAsh,parish,Dover\n,parish,Dover\n", 3, "name is empty"),
        ("name,kind,district\nAsh,parish,Dover\nWorth,parish\n", 3, "expected 3 fields"),
        ("name,kind,district\nAsh,parish,Dover\nAsh,parish,Dover\n", 3, "appears twice"),
        ("name,kind,district\nAsh,parish,\n", 2, "district is empty"),
        ("name,kind,district\n", 1, "lists no councils"),
    ],
)
def test_malformed_council_csv_names_the_line_and_imports_nothing(text, line, words):
    with pytest.raises(services.CouncilCsvError) as error:
        services.councils_load_csv(text=text)

    assert error.value.line_number == line
    assert words in str(error.value)
    assert Council.objects.count() == 0
    assert AreaCommittee.objects.count() == 0


def test_the_real_kent_file_loads_326_councils_in_13_area_committees():
    from members.management.commands.load_councils import DEFAULT_CSV

    result = services.councils_load_csv(text=DEFAULT_CSV.read_text(encoding="utf-8"))

    assert result.created == 326
    assert AreaCommittee.objects.count() == 13
    assert Council.objects.filter(kind="town").count() == 24
    assert Council.objects.filter(district="Medway").count() == 11
    assert Council.objects.get(name="Norton, Buckland and Stone").district == "Swale"
    assert Council.objects.values("slug").distinct().count() == 326


def test_position_start_refuses_a_second_current_clerk_with_a_clear_message():
    council = CouncilFactory()
    PositionFactory(council=council, role=Position.Role.CLERK)

    with pytest.raises(ValidationError) as error:
        services.position_start(user=UserFactory(), council=council, role=Position.Role.CLERK)

    assert "already has a current clerk" in str(error.value)
    assert council.positions.count() == 1


def test_one_person_may_clerk_several_councils():
    clerk = UserFactory()
    for council in CouncilFactory.create_batch(3):
        services.position_start(user=clerk, council=council, role=Position.Role.CLERK)

    assert clerk.positions.current().count() == 3


def test_position_end_keeps_the_row_and_frees_the_clerk_seat():
    council = CouncilFactory()
    outgoing = PositionFactory(
        council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 5, 1)
    )

    services.position_end(position=outgoing, ended_on=datetime.date(2026, 3, 31))
    incoming = services.position_start(user=UserFactory(), council=council, role=Position.Role.CLERK)

    outgoing.refresh_from_db()
    assert outgoing.ended_on == datetime.date(2026, 3, 31)
    assert not outgoing.is_current and incoming.is_current
    assert council.positions.count() == 2


def test_position_end_rejects_an_end_before_the_start_and_a_second_end():
    position = PositionFactory(started_on=datetime.date(2025, 1, 1))

    with pytest.raises(ValidationError):
        services.position_end(position=position, ended_on=datetime.date(2024, 12, 31))
    position.refresh_from_db()
    assert position.ended_on is None

    services.position_end(position=position, ended_on=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError, match="already ended"):
        services.position_end(position=position)


def test_user_deactivate_stops_sign_in_but_keeps_positions(client):
    from members.tests.factories import PASSWORD

    position = PositionFactory()
    services.user_deactivate(user=position.user)

    response = client.post("/accounts/login/", {"login": position.user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    assert Position.objects.filter(pk=position.pk, ended_on__isnull=True).exists()


def test_office_group_returns_the_migrated_group_and_refuses_unknown_roles():
    from django.contrib.auth.models import Group

    group = services.office_group("Mediation officer")
    assert group == Group.objects.get(name="Mediation officer")
    office = services.office_group("Office staff")
    assert office.permissions.filter(codename="change_council").exists()
    assert not office.permissions.filter(content_type__app_label="auth").exists()
    # A transactional test earlier in the same process flushes the migrated groups; asking
    # for each group by name brings it back, once.
    names = ["Office staff", "Training officer", "Forum moderator"]
    assert [services.office_group(name).name for name in names] == names
    assert Group.objects.filter(name__in=names).count() == 3
    with pytest.raises(ValueError):
        services.office_group("Superhero")
