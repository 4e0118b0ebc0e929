"""Factories for partners, key contacts, mediation and feedback. Cases and feedback
are built through their real services, as members create them."""

import factory

from members.models import Feedback, KeyContact, MediationCase, Partner, PartnerCategory
from members.services.feedback import feedback_create
from members.services.mediation import mediation_case_create
from members.tests.factories import AreaCommitteeFactory, PositionFactory, UserFactory


class PartnerCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCategory
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    order = factory.Sequence(lambda n: n)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n} Ltd")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    category = factory.SubFactory(PartnerCategoryFactory)
    description = "Services for parish and town councils."
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")
    contact_email = factory.LazyAttribute(lambda o: f"hello@{o.slug}.example.org")
    contact_phone = "01632 960 000"
    member_offer = ""
    is_active = True


class KeyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyContact

    kind = KeyContact.Kind.OFFICE
    name = factory.Faker("name", locale="en_GB")
    role_title = "Member services officer"
    email = factory.Sequence(lambda n: f"contact{n}@kalc.example.org")
    phone = "01632 960 010"


def area_chair_contact(**kwargs) -> KeyContact:
    kwargs.setdefault("area_committee", AreaCommitteeFactory())
    kwargs.setdefault("role_title", f"Chair, {kwargs['area_committee'].name}")
    return KeyContactFactory(kind=KeyContact.Kind.AREA_CHAIR, **kwargs)


def mediation_case(*, requested_by=None, council=None, **kwargs) -> MediationCase:
    """A case as a clerk would open it (through the service)."""
    if requested_by is None:
        position = PositionFactory(role="clerk", **({"council": council} if council else {}))
        requested_by, council = position.user, position.council
    kwargs.setdefault("summary", "Two councillors have fallen out over the allotments and meetings stall.")
    kwargs.setdefault("parties", "Two councillors and the chair.")
    kwargs.setdefault("preferred_contact", "Phone, weekday mornings")
    return mediation_case_create(council=council, requested_by=requested_by, **kwargs)


def feedback_item(*, author=None, **kwargs) -> Feedback:
    kwargs.setdefault("subject", "Question about the precept")
    kwargs.setdefault("message", "When is the deadline for telling the district council our precept?")
    return feedback_create(author=author or UserFactory(), **kwargs)
