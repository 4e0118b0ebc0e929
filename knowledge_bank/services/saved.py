"""Saved items: a member's own shortlist of resources ("My saved items")."""

from django.core.exceptions import ValidationError
from django.db import transaction

from knowledge_bank import permissions
from knowledge_bank.models import Resource, SavedItem


@transaction.atomic
def saved_item_add(*, user, resource: Resource) -> SavedItem:
    """Save a published resource the person may see; saving it again changes nothing."""
    if not permissions.can_save_items(user):
        raise ValidationError("Only members can save items.", code="not_a_member")
    if resource.status != Resource.Status.PUBLISHED or not permissions.can_view_resource(user, resource):
        raise ValidationError("This resource cannot be saved.", code="not_visible")
    # get_or_create retries the read if a double click inserted the row first (unique constraint).
    item, _ = SavedItem.objects.get_or_create(user=user, resource=resource)
    return item


@transaction.atomic
def saved_item_remove(*, user, resource: Resource) -> bool:
    """Remove a resource from the person's saved items; True if it was saved."""
    deleted, _ = SavedItem.objects.filter(user=user, resource=resource).delete()
    return bool(deleted)
