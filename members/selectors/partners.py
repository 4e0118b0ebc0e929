"""Reads for the partners directory and the key contacts page."""

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from members.models import KeyContact, Partner, PartnerCategory


def _current_offer_annotation():
    # An offer with no end date runs until staff remove it; one whose end date has
    # passed stays on record but must not be shown to members as current.
    today = timezone.localdate()
    return Case(
        When(
            (Q(offer_ends_on__isnull=True) | Q(offer_ends_on__gte=today)) & ~Q(member_offer=""),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def partners_active(
    *, category: PartnerCategory | None = None, current_offers_only: bool = False
) -> QuerySet[Partner]:
    """Active partners with their category, in category then name order; each carries
    has_current_offer."""
    partners = (
        Partner.objects.filter(is_active=True)
        .select_related("category")
        .annotate(has_current_offer=_current_offer_annotation())
        .order_by("category__order", "category__name", "name")
    )
    if category is not None:
        partners = partners.filter(category=category)
    if current_offers_only:
        partners = partners.filter(has_current_offer=True)
    return partners


def partner_categories_in_use() -> QuerySet[PartnerCategory]:
    """Categories that have at least one active partner, with how many."""
    return (
        PartnerCategory.objects.annotate(active_count=Count("partners", filter=Q(partners__is_active=True)))
        .filter(active_count__gt=0)
        .order_by("order", "name")
    )


def partner_active_by_slug(slug: str) -> Partner | None:
    return partners_active().filter(slug=slug).first()


def key_contacts_office() -> QuerySet[KeyContact]:
    return KeyContact.objects.filter(kind=KeyContact.Kind.OFFICE, is_active=True).order_by("order", "name")


def key_contacts_area_chairs() -> QuerySet[KeyContact]:
    return (
        KeyContact.objects.filter(kind=KeyContact.Kind.AREA_CHAIR, is_active=True)
        .select_related("area_committee")
        .order_by("area_committee__name", "order", "name")
    )
