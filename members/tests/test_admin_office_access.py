"""The admin cannot be used to grant oneself power or to step round the services' rules
(issue 11, section 3). Every case goes through the real admin pages and POSTs."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from members import permissions, services
from members.models import Council, Position, User
from members.tests.factories import (
    PASSWORD,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    sign_in,
    staff_user,
)
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db


def user_change_url(user) -> str:
    return f"/admin/members/user/{user.pk}/change/"


def user_form(user, **fields) -> dict:
    """POST data for the user change form that keeps the person as they are, plus `fields`
    (with the positions inline's empty management form)."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.date().isoformat(),
        "date_joined_1": "12:00:00",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value != ""}


def superuser() -> User:
    user = staff_user()
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def officer_group(db):
    return services.office_group(permissions.MEDIATION_OFFICER)


def test_staff_cannot_add_themselves_to_a_group_and_read_a_confidential_case(client, officer_group):
    staff = staff_user()
    case = mediation_case()
    sign_in(client, staff)

    page = client.get(user_change_url(staff))
    assert page.status_code == 200
    html = page.content.decode()
    for field in ["groups", "is_superuser", "is_staff", "user_permissions"]:
        assert f'name="{field}"' not in html, field  # shown read-only, not as inputs
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        user_change_url(staff),
        user_form(
            staff,
            groups=[officer_group.pk],
            is_superuser="on",
            is_staff="on",
            user_permissions=every_permission,
        ),
    )

    assert response.status_code == 302  # saved: the office-access fields were not in the form
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.user_permissions.exists()
    assert list(staff.groups.values_list("name", flat=True)) == [permissions.OFFICE_STAFF]
    assert client.get(f"/mediation/cases/{case.pk}/").status_code == 404


def test_staff_cannot_grant_office_access_to_someone_else(client, officer_group):
    staff = staff_user()
    member = UserFactory()
    sign_in(client, staff)

    response = client.post(
        user_change_url(member),
        user_form(member, groups=[officer_group.pk], is_superuser="on", is_staff="on"),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser, member.groups.count()) == (False, False, 0)


@pytest.mark.parametrize("whose", ["own", "another members"])
def test_staff_cannot_set_a_password_in_the_admin(client, whose):
    staff = staff_user()
    member = staff if whose == "own" else UserFactory()
    sign_in(client, staff)
    url = f"/admin/members/user/{member.pk}/password/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "a-new-long-password", "password2": "a-new-long-password"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert "/password/" not in client.get(user_change_url(member)).content.decode()


def test_a_superuser_grants_roles_and_sets_passwords_for_others(client, officer_group):
    admin = superuser()
    member = UserFactory()
    sign_in(client, admin)

    response = client.post(
        user_change_url(member), user_form(member, groups=[officer_group.pk], is_staff="on")
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff
    # Office staff is the staff tick; its group follows it.
    assert set(member.groups.values_list("name", flat=True)) == {
        permissions.MEDIATION_OFFICER,
        permissions.OFFICE_STAFF,
    }
    response = client.post(user_change_url(member), user_form(member, groups=[officer_group.pk]))
    member.refresh_from_db()
    assert not member.is_staff
    assert list(member.groups.values_list("name", flat=True)) == [permissions.MEDIATION_OFFICER]

    url = f"/admin/members/user/{member.pk}/password/"
    assert client.get(url).status_code == 200
    client.post(url, {"password1": "a-new-long-password", "password2": "a-new-long-password"})
    member.refresh_from_db()
    assert member.check_password("a-new-long-password")


def test_nobody_changes_their_own_office_access_not_even_a_superuser(client, officer_group):
    admin = superuser()
    sign_in(client, admin)

    assert 'name="groups"' not in client.get(user_change_url(admin)).content.decode()
    client.post(
        user_change_url(admin), user_form(admin, groups=[officer_group.pk], is_staff="on", is_superuser="on")
    )

    admin.refresh_from_db()
    assert not admin.groups.filter(pk=officer_group.pk).exists()


def test_a_superuser_who_signed_in_with_a_password_alone_grants_nothing(client, officer_group):
    admin = superuser()
    member = UserFactory()
    sign_in(client, admin, mfa=False)

    response = client.post(user_change_url(member), user_form(member, groups=[officer_group.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not member.groups.exists()


# --- Positions ----------------------------------------------------------------------


@pytest.fixture
def position(db):
    return PositionFactory(role=Position.Role.COUNCILLOR, started_on=datetime.date(2024, 5, 1))


def position_url(position, action="change") -> str:
    return f"/admin/members/position/{position.pk}/{action}/"


def test_positions_cannot_be_deleted_in_the_admin(client, position):
    sign_in(client, staff_user())

    assert client.get(position_url(position, "delete")).status_code == 403
    assert client.post(position_url(position, "delete"), {"post": "yes"}).status_code == 403
    response = client.post(
        "/admin/members/position/",
        {"action": "delete_selected", "_selected_action": [position.pk], "post": "yes"},
    )
    assert Position.objects.filter(pk=position.pk).exists()
    assert response.status_code in (200, 302)
    assert 'value="delete_selected"' not in client.get("/admin/members/position/").content.decode()


def test_a_future_end_date_is_refused_with_the_services_message(client, position):
    sign_in(client, staff_user())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(position_url(position), {"ended_on": tomorrow.isoformat()})

    assert response.status_code == 200
    assert "The end date cannot be in the future." in response.content.decode()
    position.refresh_from_db()
    assert position.ended_on is None


def test_ending_a_position_in_the_admin_goes_through_the_service(client, position):
    sign_in(client, staff_user())

    too_early = client.post(position_url(position), {"ended_on": "2024-04-30"})
    assert "The position started on 1 May 2024; it cannot end before that." in too_early.content.decode()
    response = client.post(position_url(position), {"ended_on": timezone.localdate().isoformat()})

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.ended_on == timezone.localdate()
    # An ended position is history: nothing on it changes any more, not even the date.
    client.post(position_url(position), {"ended_on": "2025-01-01"})
    position.refresh_from_db()
    assert position.ended_on == timezone.localdate()


def test_the_who_where_and_what_of_a_position_never_change_in_the_admin(client, position):
    other_council = CouncilFactory()
    sign_in(client, staff_user())

    client.post(position_url(position), {"council": other_council.pk, "role": "clerk", "ended_on": ""})

    position.refresh_from_db()
    assert (position.council_id, position.role) != (other_council.pk, "clerk")


def test_adding_a_position_in_the_admin_follows_the_services_rules(client):
    council = CouncilFactory()
    PositionFactory(council=council, role=Position.Role.CLERK)
    newcomer = UserFactory()
    sign_in(client, staff_user())
    form = {"user": newcomer.pk, "council": council.pk, "started_on": timezone.localdate().isoformat()}

    second_clerk = client.post("/admin/members/position/add/", {**form, "role": "clerk"})
    assert "This council already has a current clerk." in second_clerk.content.decode()
    ended_at_once = client.post(
        "/admin/members/position/add/", {**form, "role": "councillor", "ended_on": "2020-01-01"}
    )
    assert "Start the position first" in ended_at_once.content.decode()
    assert not Position.objects.filter(user=newcomer).exists()

    assert client.post("/admin/members/position/add/", {**form, "role": "councillor"}).status_code == 302
    assert Position.objects.get(user=newcomer).role == "councillor"


def test_a_position_cannot_be_reverted_from_its_history(client, position):
    services.position_end(position=position)
    first = position.history.earliest()
    sign_in(client, staff_user())
    url = f"/admin/members/position/{position.pk}/history/{first.history_id}/"

    assert client.get(url).status_code == 200  # the old version can still be read
    old_row = {"user": position.user_id, "council": position.council_id, "role": position.role}
    response = client.post(url, {**old_row, "started_on": "2024-05-01", "ended_on": ""})

    assert response.status_code == 403
    position.refresh_from_db()
    assert position.ended_on is not None


def test_council_positions_are_read_only_in_the_council_form(client, position):
    sign_in(client, staff_user())
    html = client.get(f"/admin/members/council/{position.council_id}/change/").content.decode()
    assert 'name="positions-0-ended_on"' not in html
    assert 'name="positions-0-DELETE"' not in html


# --- Councils -----------------------------------------------------------------------


def council_form(council, **fields) -> dict:
    data = {
        "name": council.name,
        "slug": council.slug,
        "kind": council.kind,
        "district": council.district,
        "area_committee": council.area_committee_id,
        "membership_status": council.membership_status,
        "contact_email": council.contact_email,
        "contact_phone": council.contact_phone,
        "website": council.website,
        "address": council.address,
        "electorate": council.electorate or "",
        "membership_year": council.membership_year or "",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_council_admin_saves_through_the_service(client):
    council = CouncilFactory()
    sign_in(client, staff_user())

    response = client.post(
        f"/admin/members/council/{council.pk}/change/",
        council_form(council, contact_email="Clerk@ASH-Parish.example.org", contact_phone="  01304 000000 "),
    )

    assert response.status_code == 302
    council.refresh_from_db()
    # As the clerk's own page stores them (council_manage.council_update).
    assert council.contact_email == "clerk@ash-parish.example.org"
    assert council.contact_phone == "01304 000000"


def test_a_council_reverted_from_its_history_is_saved_through_the_service(client):
    council = CouncilFactory(contact_email="old@example.org")
    council.contact_email = "new@example.org"
    council.save()
    old = council.history.earliest()
    sign_in(client, staff_user())

    response = client.post(
        f"/admin/members/council/{council.pk}/history/{old.history_id}/",
        council_form(council, contact_email=" OLD@example.org "),
    )

    assert response.status_code == 302
    council.refresh_from_db()
    assert council.contact_email == "old@example.org"
    assert Council.objects.filter(contact_email="old@example.org").count() == 1


def test_group_membership_is_read_from_one_place():
    # Office staff is is_staff; the group follows it through the service, both ways.
    member = UserFactory()
    services.user_set_office_staff(user=member, is_staff=True)
    assert member.is_staff and member.groups.filter(name=permissions.OFFICE_STAFF).exists()
    services.user_set_office_staff(user=member, is_staff=False)
    member.refresh_from_db()
    assert not member.is_staff and not member.groups.exists()
    assert Group.objects.filter(name=permissions.OFFICE_STAFF).exists()


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_person_added_in_the_admin_gets_no_password_anyone_knows(client, who):
    sign_in(client, staff_user() if who == "staff" else superuser())
    add_page = client.get("/admin/members/user/add/")
    assert add_page.status_code == 200
    assert 'name="password1"' not in add_page.content.decode()

    response = client.post(
        "/admin/members/user/add/",
        {
            "email": " Robin.New@Example.org ",
            "full_name": "Robin New",
            "password1": "chosen-by-the-office-1",
            "password2": "chosen-by-the-office-1",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    person = User.objects.get(email="robin.new@example.org")
    assert not person.has_usable_password()
    assert not person.is_staff and not person.groups.exists()
