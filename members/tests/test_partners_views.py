"""Partner list, partner page and key contacts as members see them."""

import datetime

import pytest
from django.utils import timezone

from members.tests.factories import AreaCommitteeFactory
from members.tests.factories_office import (
    KeyContactFactory,
    PartnerCategoryFactory,
    PartnerFactory,
    area_chair_contact,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    today = timezone.localdate()
    auditors = PartnerCategoryFactory(name="Internal auditors", slug="internal-auditors", order=20)
    insurers = PartnerCategoryFactory(name="Insurers", slug="insurers", order=40)
    PartnerFactory(name="Weald Audit", category=auditors, member_offer="10% off the first audit")
    PartnerFactory(
        name="Downs Audit",
        category=auditors,
        member_offer="Free year-end check",
        offer_ends_on=today - datetime.timedelta(days=1),
    )
    PartnerFactory(
        name="Medway Mutual",
        slug="medway-mutual",
        category=insurers,
        member_offer="A free review of your cover",
        offer_ends_on=datetime.date(2099, 11, 22),
    )
    PartnerFactory(name="Closed Insurance", category=insurers, is_active=False)
    return {"auditors": auditors, "insurers": insurers}


def test_members_see_active_partners_grouped_by_category_with_current_offers(client, login_as, directory):
    login_as("councillor_a")
    html = client.get("/partners/").content.decode()

    assert html.count("<h1") == 1
    assert html.index("Internal auditors</h2>") < html.index("Downs Audit") < html.index("Weald Audit")
    assert html.index("Weald Audit") < html.index("Insurers</h2>") < html.index("Medway Mutual")
    assert "Closed Insurance" not in html
    assert "10% off the first audit" in html
    assert "Free year-end check" not in html  # ended yesterday: not a current offer
    assert "(until 22 November 2099)" in html
    assert "3 partners." in html


def test_filtering_by_category_and_by_current_offer(client, login_as, directory):
    login_as("clerk_a")

    html = client.get("/partners/?category=insurers").content.decode()
    assert "Medway Mutual" in html and "Weald Audit" not in html
    assert "1 partner match your filter." in html

    response = client.get("/partners/?offers=on")
    assert [p.name for _, ps in response.context["groups"] for p in ps] == ["Weald Audit", "Medway Mutual"]


def test_an_unknown_category_says_so_next_to_the_field_and_shows_everything(client, login_as, directory):
    login_as("clerk_a")
    html = client.get("/partners/?category=not-a-category").content.decode()

    assert "There is a problem" in html
    assert html.count("Choose a category from the list.") == 2  # summary and next to the field
    assert "3 partners." in html


def test_partner_page_shows_the_offer_or_when_it_ended(client, login_as, directory):
    login_as("chair_a")
    html = client.get("/partners/medway-mutual/").content.decode()
    assert "A free review of your cover" in html and "Offer ends 22 November 2099." in html
    assert 'href="mailto:hello@medway-mutual.example.org"' in html

    ended = PartnerFactory(
        slug="ended",
        member_offer="Old deal",
        offer_ends_on=datetime.date(2020, 3, 31),
        category=directory["insurers"],
    )
    html = client.get(f"/partners/{ended.slug}/").content.decode()
    assert "Old deal" not in html
    assert "The member offer ended on 31 March 2020." in html


def test_key_contacts_lists_the_office_then_area_chairs_with_their_committee(client, login_as):
    KeyContactFactory(name="Sam Patel", role_title="Member services officer", order=2)
    KeyContactFactory(name="Jordan Ellis", role_title="Chief executive", order=1)
    KeyContactFactory(name="Gone Person", is_active=False)
    area_chair_contact(name="Cllr Chris Baker", area_committee=AreaCommitteeFactory(district="Swale"))
    login_as("clerk_b")

    html = client.get("/contacts/").content.decode()

    assert html.index("office team</h2>") < html.index("Jordan Ellis") < html.index("Sam Patel")
    assert (
        html.index("Sam Patel")
        < html.index("Area committee chairs</h2>")
        < html.index("Swale Area Committee")
    )
    assert "Cllr Chris Baker" in html
    assert "Gone Person" not in html
