from django.db.models import QuerySet

from knowledge_bank import permissions
from knowledge_bank.models import Resource


def listable_resources(user) -> QuerySet[Resource]:
    """Published resources in the audiences this person may see: what lists, hubs,
    search and feeds show (staff preview drafts on the resource page, not in lists)."""
    return Resource.objects.published().filter(audience__in=permissions.visible_audiences(user))


def resource_for_page(user, slug: str) -> Resource | None:
    """The resource behind /knowledge/<slug>/ if this person may open it, else None."""
    # The stored search vector is as long as the body and the page never shows it.
    resource = Resource.objects.select_related("owner").defer("search_vector").filter(slug=slug).first()
    if resource is None or not permissions.can_view_resource(user, resource):
        return None
    return resource
