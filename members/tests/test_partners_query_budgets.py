"""The partner list and key contacts page run a fixed number of queries at 10x the data."""

import pytest

from members.tests.factories_office import (
    KeyContactFactory,
    PartnerCategoryFactory,
    PartnerFactory,
    area_chair_contact,
)

pytestmark = pytest.mark.django_db

PARTNER_LIST_BUDGET = 5
KEY_CONTACTS_BUDGET = 4


@pytest.fixture
def categories(db):
    return [PartnerCategoryFactory(name=name) for name in ("Auditors", "Insurers", "Payroll", "Websites")]


def add_partners(categories, count):
    for i in range(count):
        PartnerFactory(category=categories[i % len(categories)], member_offer="10% off" if i % 3 else "")


@pytest.mark.parametrize("query", ["", "?category=insurers&offers=on"])
def test_partner_list_budget_at_30_and_300_partners(
    client, login_as, categories, django_assert_max_num_queries, query
):
    login_as("clerk_a")
    add_partners(categories, 30)
    with django_assert_max_num_queries(PARTNER_LIST_BUDGET):
        small = client.get(f"/partners/{query}")

    add_partners(categories, 270)
    with django_assert_max_num_queries(PARTNER_LIST_BUDGET):
        large = client.get(f"/partners/{query}")

    # Every fourth partner is an insurer; two in three of those have an offer.
    expected = (30, 300) if not query else (6, 52)
    assert small.context["partner_count"] == expected[0]
    assert large.context["partner_count"] == expected[1]
    assert large.content.decode().count('class="card h-100 partner-card"') == expected[1]


def test_key_contacts_budget_at_10_and_100_contacts(client, login_as, django_assert_max_num_queries):
    login_as("councillor_a")

    def add(count):
        for _ in range(count // 2):
            KeyContactFactory()
            area_chair_contact()

    add(10)
    with django_assert_max_num_queries(KEY_CONTACTS_BUDGET):
        assert client.get("/contacts/").status_code == 200
    add(90)
    with django_assert_max_num_queries(KEY_CONTACTS_BUDGET):
        response = client.get("/contacts/")
    assert len(response.context["office_contacts"]) == 50
    assert response.content.decode().count('<th scope="row">') == 50
