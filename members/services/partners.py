"""Writes for the partners directory and key contacts (staff keep them in the admin;
this module holds the demo seed)."""

from dataclasses import dataclass

from django.db import transaction

from members.models import AreaCommittee, KeyContact, Partner, PartnerCategory

EXAMPLE_CATEGORIES = [
    ("website-providers", "Website providers", 10),
    ("internal-auditors", "Internal auditors", 20),
    ("payroll-services", "Payroll services", 30),
    ("insurers", "Insurers", 40),
]

# Fictional organisations with example.org addresses: demo data, never real firms.
EXAMPLE_PARTNERS = [
    {
        "slug": "parishweb-example",
        "name": "ParishWeb (example)",
        "category": "website-providers",
        "description": "Accessible websites for parish and town councils, built to the public sector "
        "accessibility regulations, with document publishing for agendas and minutes.",
        "website": "https://parishweb.example.org/",
        "contact_email": "hello@parishweb.example.org",
        "contact_phone": "01632 960 101",
        "member_offer": "Set-up fee waived for KALC member councils.",
    },
    {
        "slug": "village-sites-example",
        "name": "Village Sites Co-operative (example)",
        "category": "website-providers",
        "description": "A co-operative that hosts and maintains small council websites and email.",
        "website": "https://villagesites.example.org/",
        "contact_email": "support@villagesites.example.org",
        "contact_phone": "01632 960 102",
        "member_offer": "",
    },
    {
        "slug": "weald-audit-example",
        "name": "Weald Internal Audit (example)",
        "category": "internal-auditors",
        "description": "Independent internal audit for councils of every size, aligned with the "
        "Practitioners' Guide and the annual governance and accountability return.",
        "website": "https://wealdaudit.example.org/",
        "contact_email": "audit@wealdaudit.example.org",
        "contact_phone": "01632 960 201",
        "member_offer": "10% off the first year's internal audit.",
    },
    {
        "slug": "downs-payroll-example",
        "name": "Downs Payroll Bureau (example)",
        "category": "payroll-services",
        "description": "Payroll, HMRC real-time information and pension auto-enrolment for clerks "
        "and council staff.",
        "website": "https://downspayroll.example.org/",
        "contact_email": "payroll@downspayroll.example.org",
        "contact_phone": "01632 960 301",
        "member_offer": "Three months free for councils that switch.",
    },
    {
        "slug": "medway-mutual-example",
        "name": "Medway Mutual Insurance (example)",
        "category": "insurers",
        "description": "Public liability, employer's liability, property and fidelity guarantee cover "
        "written for local councils.",
        "website": "https://medwaymutual.example.org/",
        "contact_email": "councils@medwaymutual.example.org",
        "contact_phone": "01632 960 401",
        "member_offer": "A free review of your council's cover before renewal.",
    },
]

EXAMPLE_OFFICE_CONTACTS = [
    ("Jordan Ellis (example)", "Chief executive", "ceo@kalc.example.org", "01632 960 001", 10),
    ("Sam Patel (example)", "Member services officer", "members@kalc.example.org", "01632 960 002", 20),
    (
        "Morgan Reid (example)",
        "Training and events officer",
        "training@kalc.example.org",
        "01632 960 003",
        30,
    ),
]

EXAMPLE_AREA_CHAIRS = [
    ("Dover", "Cllr Chris Baker (example)"),
    ("Ashford", "Cllr Dana Hughes (example)"),
    ("Maidstone", "Cllr Robin Clarke (example)"),
]


@dataclass(frozen=True)
class PartnerSeedResult:
    categories_created: int
    partners_created: int
    contacts_created: int


@transaction.atomic
def partner_directory_seed_examples() -> PartnerSeedResult:
    """Create the example partner categories, partners and key contacts for a demo.
    Safe to run again: existing rows (and staff's edits to them) are left alone."""
    categories, categories_created = {}, 0
    for slug, name, order in EXAMPLE_CATEGORIES:
        category, created = PartnerCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
        categories[slug] = category
        categories_created += created

    partners_created = 0
    for example in EXAMPLE_PARTNERS:
        defaults = {key: value for key, value in example.items() if key not in ("slug", "category")}
        _, created = Partner.objects.get_or_create(
            slug=example["slug"], defaults={**defaults, "category": categories[example["category"]]}
        )
        partners_created += created

    contacts_created = 0
    for name, role_title, email, phone, order in EXAMPLE_OFFICE_CONTACTS:
        _, created = KeyContact.objects.get_or_create(
            kind=KeyContact.Kind.OFFICE,
            name=name,
            defaults={"role_title": role_title, "email": email, "phone": phone, "order": order},
        )
        contacts_created += created
    committees = AreaCommittee.objects.in_bulk(
        [district for district, _ in EXAMPLE_AREA_CHAIRS], field_name="district"
    )
    for district, name in EXAMPLE_AREA_CHAIRS:
        committee = committees.get(district)
        if committee is None:
            continue  # councils not loaded yet: the chairs come on the next run
        _, created = KeyContact.objects.get_or_create(
            kind=KeyContact.Kind.AREA_CHAIR,
            name=name,
            defaults={
                "role_title": f"Chair, {committee.name}",
                "email": f"{committee.slug}-chair@kalc.example.org",
                "area_committee": committee,
            },
        )
        contacts_created += created
    return PartnerSeedResult(
        categories_created=categories_created,
        partners_created=partners_created,
        contacts_created=contacts_created,
    )
