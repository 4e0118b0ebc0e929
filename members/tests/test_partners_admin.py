"""Office staff keep partners, categories and key contacts in the admin."""

import pytest

from members.tests.conftest import ROLES
from members.tests.factories_office import KeyContactFactory, PartnerCategoryFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ADMIN_LIST_BUDGET = 12
STAFF_ONLY = {**dict.fromkeys(ROLES, 302), "staff": 200}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/members/partner/",
        "/admin/members/partner/add/",
        "/admin/members/partnercategory/",
        "/admin/members/keycontact/",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, login_as, url, role):
    login_as(role)
    assert client.get(url).status_code == STAFF_ONLY[role], f"{role} GET {url}"


def test_staff_add_a_partner_with_a_slug_and_find_it(client, login_as):
    category = PartnerCategoryFactory(name="Insurers")
    login_as("staff")

    response = client.post(
        "/admin/members/partner/add/",
        {
            "name": "Medway Mutual",
            "slug": "medway-mutual",
            "category": category.pk,
            "description": "Council insurance.",
            "is_active": "on",
            "member_offer": "Free review",
            "offer_ends_on": "2099-11-22",
        },
    )

    assert response.status_code == 302
    html = client.get("/admin/members/partner/?q=medway").content.decode()
    assert "Medway Mutual" in html


@pytest.mark.parametrize(
    "url, make", [("/admin/members/partner/", PartnerFactory), ("/admin/members/keycontact/", None)]
)
def test_admin_lists_budget_at_30_and_300_rows(client, login_as, django_assert_max_num_queries, url, make):
    from members.tests.factories_office import area_chair_contact

    def add(count):
        for i in range(count):
            if make:
                make()
            elif i % 2:
                area_chair_contact()
            else:
                KeyContactFactory()

    login_as("staff")
    add(30)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get(url).status_code == 200
    add(270)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get(url).status_code == 200
