"""Rules that used to live in selectors, services, the admin and a template, asked from
permissions now: each gives the answer it gave before, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledge_bank import permissions as knowledge_permissions
from members import permissions
from members.models import Invitation, Position, User
from members.tests.conftest import ROLES
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAVES_ITEMS = {"councillor_a", "chair_a", "clerk_a", "deputy_clerk_a", "clerk_b", "staff"}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_my_kalc_links_saved_items_for_those_who_may_save_them(client, login_as, role):
    user = login_as(role)
    response = client.get("/my/")
    assert response.status_code == 200
    assert response.context["is_member"] is (role in SAVES_ITEMS)
    assert knowledge_permissions.can_save_items(user) is (role in SAVES_ITEMS)
    assert ('href="/knowledge/saved/"' in response.content.decode()) is (role in SAVES_ITEMS)


def test_only_the_addressee_may_accept_an_invitation(people, council_a):
    invitation = Invitation(email="Robin@Example.org ", council=council_a, role=Position.Role.COUNCILLOR)
    robin = UserFactory(email="robin@example.org")
    assert permissions.can_accept_invitation(robin, invitation)
    for role in ROLES:
        assert not permissions.can_accept_invitation(people[role], invitation), role


def test_one_clerk_at_a_time_and_any_number_of_everyone_else():
    assert permissions.has_single_holder(Position.Role.CLERK)
    for role in set(Position.Role.values) - {Position.Role.CLERK}:
        assert not permissions.has_single_holder(role), role


def test_resource_owners_are_office_staff_and_the_current_owner(people):
    former = UserFactory(is_staff=False)
    # Owners are office staff by who they are (a session's MFA step is not asked of a list).
    staff = {people["staff"], people["staff_password_only"]}
    owners = set(User.objects.filter(knowledge_permissions.resource_owner_filter()))
    assert owners == staff
    with_former = set(User.objects.filter(knowledge_permissions.resource_owner_filter(former.pk)))
    assert with_former == staff | {former}


def test_mediation_officers_and_the_cases_each_person_sees(people):
    officers = set(User.objects.filter(is_active=True).filter(permissions.mediation_officer_filter()))
    assert officers == {people["mediation_officer"]}
    assert permissions.mediation_case_filter(people["mediation_officer"]) is None
    for role in ROLES:
        if role != "mediation_officer":
            assert permissions.mediation_case_filter(people[role] or AnonymousUser()) is not None, role
