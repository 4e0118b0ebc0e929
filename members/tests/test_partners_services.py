"""Partner selectors and the demo seed."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.models import KeyContact, Partner, PartnerCategory
from members.selectors.partners import (
    key_contacts_area_chairs,
    key_contacts_office,
    partner_categories_in_use,
    partners_active,
)
from members.services.partners import partner_directory_seed_examples
from members.tests.factories import AreaCommitteeFactory
from members.tests.factories_office import (
    KeyContactFactory,
    PartnerCategoryFactory,
    PartnerFactory,
    area_chair_contact,
)

pytestmark = pytest.mark.django_db


def test_only_active_partners_are_listed_with_whether_their_offer_is_current():
    today = timezone.localdate()
    open_ended = PartnerFactory(name="A", member_offer="10% off")
    until_today = PartnerFactory(name="B", member_offer="Free review", offer_ends_on=today)
    expired = PartnerFactory(
        name="C", member_offer="Old deal", offer_ends_on=today - datetime.timedelta(days=1)
    )
    no_offer = PartnerFactory(name="D", offer_ends_on=today + datetime.timedelta(days=5))
    PartnerFactory(name="E", is_active=False, member_offer="Hidden")

    listed = {p.name: p.has_current_offer for p in partners_active()}

    assert listed == {"A": True, "B": True, "C": False, "D": False}
    assert set(partners_active(current_offers_only=True)) == {open_ended, until_today}
    assert expired in partners_active() and no_offer in partners_active()


def test_partners_come_in_category_order_and_filter_by_category():
    insurers = PartnerCategoryFactory(name="Insurers", order=40)
    auditors = PartnerCategoryFactory(name="Auditors", order=20)
    PartnerCategoryFactory(name="Empty", order=1)
    PartnerFactory(name="Zeta Insurance", category=insurers)
    PartnerFactory(name="Alpha Audit", category=auditors)
    PartnerFactory(name="Beta Audit", category=auditors)
    PartnerFactory(name="Gone Insurance", category=insurers, is_active=False)

    assert [p.name for p in partners_active()] == ["Alpha Audit", "Beta Audit", "Zeta Insurance"]
    assert [p.name for p in partners_active(category=insurers)] == ["Zeta Insurance"]
    assert [(c.name, c.active_count) for c in partner_categories_in_use()] == [
        ("Auditors", 2),
        ("Insurers", 1),
    ]


def test_key_contacts_office_team_and_area_chairs_with_their_committee():
    KeyContactFactory(name="Second", order=2)
    KeyContactFactory(name="First", order=1)
    KeyContactFactory(name="Left", is_active=False)
    swale = area_chair_contact(name="Swale chair", area_committee=AreaCommitteeFactory(district="Swale"))
    ashford = area_chair_contact(
        name="Ashford chair", area_committee=AreaCommitteeFactory(district="Ashford")
    )

    assert [c.name for c in key_contacts_office()] == ["First", "Second"]
    assert list(key_contacts_area_chairs()) == [ashford, swale]


def test_the_demo_seed_is_idempotent_and_keeps_staff_edits():
    AreaCommitteeFactory(district="Dover")

    first = partner_directory_seed_examples()
    Partner.objects.filter(slug="weald-audit-example").update(member_offer="Edited by staff")
    second = partner_directory_seed_examples()

    assert (first.categories_created, first.partners_created) == (4, 5)
    assert first.contacts_created == 4  # three office contacts and the Dover chair
    assert (second.categories_created, second.partners_created, second.contacts_created) == (0, 0, 0)
    assert set(PartnerCategory.objects.values_list("name", flat=True)) == {
        "Website providers",
        "Internal auditors",
        "Payroll services",
        "Insurers",
    }
    assert Partner.objects.get(slug="weald-audit-example").member_offer == "Edited by staff"
    assert all(p.contact_email.endswith(".example.org") for p in Partner.objects.all())
    assert all(c.email.endswith("example.org") for c in KeyContact.objects.all())
    assert KeyContact.objects.get(kind="area_chair").area_committee.district == "Dover"


def test_seed_partners_command_reports_what_it_created(capsys):
    call_command("seed_partners")
    call_command("seed_partners")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Partners directory: 4 categories, 5 partners")
    assert out[1] == "Partners directory: 0 categories, 0 partners and 0 key contacts created."
