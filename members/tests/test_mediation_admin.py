"""Mediation cases in the admin are for mediation officers and superusers only, even
for staff who were given the model permissions some other way."""

import pytest
from django.contrib.auth.models import Permission

from members import permissions, services
from members.tests.conftest import ROLES
from members.tests.factories import sign_in, staff_user
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people, council_a):
    return mediation_case(requested_by=people["clerk_a"], council=council_a)


@pytest.fixture
def staff_officer(db):
    officer = staff_user()
    officer.groups.add(services.office_group(permissions.MEDIATION_OFFICER))
    return officer


def urls(case):
    return [
        "/admin/members/mediationcase/",
        f"/admin/members/mediationcase/{case.pk}/change/",
        "/admin/members/mediationstatuschange/",
    ]


# The fixture's mediation officer is not office staff, so the admin itself sends them away.
EXPECTED = {**dict.fromkeys(ROLES, 302), "staff": 403}


@pytest.mark.parametrize("index", [0, 1, 2])
@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, login_as, case, index, role):
    url = urls(case)[index]
    login_as(role)
    assert client.get(url).status_code == EXPECTED[role], f"{role} GET {url}"


def test_staff_officers_and_superusers_see_cases_in_the_admin(client, case, staff_officer):
    sign_in(client, staff_officer)
    for url in urls(case):
        assert client.get(url).status_code == 200, url
    assert "Mediation cases" in client.get("/admin/").content.decode()

    superuser = staff_user()
    superuser.is_superuser = True
    superuser.save()
    sign_in(client, superuser)
    assert client.get(urls(case)[1]).status_code == 200


def test_staff_given_the_permissions_directly_still_cannot_see_cases(client, people, case):
    staff = people["staff"]
    staff.user_permissions.add(*Permission.objects.filter(content_type__model="mediationcase"))
    sign_in(client, staff)

    assert client.get(urls(case)[0]).status_code == 403
    assert "Mediation cases" not in client.get("/admin/").content.decode()


def test_no_one_adds_a_case_or_edits_its_status_in_the_admin(client, case, staff_officer):
    sign_in(client, staff_officer)
    assert client.get("/admin/members/mediationcase/add/").status_code == 403
    html = client.get(urls(case)[1]).content.decode()
    assert 'name="status"' not in html  # status changes go through the site, which emails the requester
