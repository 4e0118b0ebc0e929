"""Every mediation URL x every role, with the exact status expected. A case's
existence is confidential: anyone who may not see it gets 404, as for a case that
does not exist."""

import pytest

from members.models import MediationCase
from members.tests.conftest import ROLES
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db

NOT_FOUND_BUT_OFFICER = {**dict.fromkeys(ROLES, 404), "anonymous": 302}


@pytest.fixture
def case(people, council_a):
    return mediation_case(requested_by=people["clerk_a"], council=council_a)


def expected_get(url_name):
    return {
        "request": {
            **dict.fromkeys(ROLES, 403),
            "anonymous": 302,
            "chair_a": 200,
            "clerk_a": 200,
            "clerk_b": 200,
        },
        "list": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
        "detail": {**NOT_FOUND_BUT_OFFICER, "clerk_a": 200, "mediation_officer": 200},
        "missing": NOT_FOUND_BUT_OFFICER,
    }[url_name]


def url_for(url_name, case):
    return {
        "request": "/mediation/",
        "list": "/mediation/cases/",
        "detail": f"/mediation/cases/{case.pk}/",
        "missing": f"/mediation/cases/{case.pk + 1000}/",
    }[url_name]


@pytest.mark.parametrize("url_name", ["request", "list", "detail", "missing"])
@pytest.mark.parametrize("role", ROLES)
def test_get_permission_matrix(client, login_as, case, url_name, role):
    url = url_for(url_name, case)
    login_as(role)

    response = client.get(url)

    assert response.status_code == expected_get(url_name)[role], f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"


# Officers act; the requester may look but not act (403); anyone else is told nothing (404).
ACTION_EXPECTED = {**NOT_FOUND_BUT_OFFICER, "clerk_a": 403, "mediation_officer": 302}


@pytest.mark.parametrize(
    "action, data",
    [
        ("status", {"status-status": "assessing", "status-note": ""}),
        ("assign", {}),
        ("people", {"people-named_people": []}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_officer_actions_permission_matrix(client, login_as, case, action, data, role):
    url = f"/mediation/cases/{case.pk}/{action}/"
    login_as(role)

    response = client.post(url, data)

    assert response.status_code == ACTION_EXPECTED[role], f"{role} POST {url}"
    if response.status_code == 302:
        expected = f"/accounts/login/?next={url}" if role == "anonymous" else f"/mediation/cases/{case.pk}/"
        assert response["Location"] == expected
    case.refresh_from_db()
    changed = case.status == MediationCase.Status.ASSESSING or case.assigned_officer_id is not None
    assert changed == (role == "mediation_officer" and action in ("status", "assign"))


@pytest.mark.parametrize("action", ["status", "assign", "people"])
def test_officer_actions_refuse_get(client, login_as, case, action):
    login_as("mediation_officer")
    assert client.get(f"/mediation/cases/{case.pk}/{action}/").status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_a_person_named_on_the_case_may_see_it_and_nobody_else_more(client, people, login_as, case, role):
    case.named_people.add(people["councillor_a"])
    login_as(role)

    response = client.get(f"/mediation/cases/{case.pk}/")

    may_see = role in ("clerk_a", "mediation_officer", "councillor_a")
    expected = 302 if role == "anonymous" else (200 if may_see else 404)
    assert response.status_code == expected, role


def test_a_superuser_sees_every_case(client, case):
    from members.tests.factories import UserFactory, add_totp, sign_in

    admin = UserFactory(is_staff=True)
    admin.is_superuser = True
    admin.save()
    sign_in(client, add_totp(admin))
    assert client.get(f"/mediation/cases/{case.pk}/").status_code == 200


def test_an_officer_who_has_not_used_their_authenticator_app_is_sent_to_use_it(client, people, case):
    from members.tests.factories import sign_in

    sign_in(client, people["mediation_officer"], mfa=False)
    response = client.get("/mediation/cases/")
    assert response.status_code == 200
    assert "Two councillors have fallen out" not in response.content.decode()  # not the officers' list
    # A case is confidential: told nothing until the code is entered.
    assert client.get(f"/mediation/cases/{case.pk}/").status_code == 404
    response = client.post(f"/mediation/cases/{case.pk}/assign/")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.assigned_officer_id is None


def test_an_officer_without_an_authenticator_app_is_refused_the_admin_list_of_cases(client, people, case):
    from members import permissions
    from members.tests.factories import as_request_user, office_user

    officer = as_request_user(office_user(permissions.MEDIATION_OFFICER, with_totp=False), mfa=False)
    assert permissions.office_verification_needed(officer) == "activate"
    assert not permissions.can_manage_mediation_cases(officer)
    assert permissions.can_manage_mediation_cases(as_request_user(people["mediation_officer"]))
