"""Reads for "My saved items": only what the person may still see is listed."""

from django.db.models import Count, Q, QuerySet

from knowledge_bank.models import Resource, SavedItem
from knowledge_bank.selectors.visibility import listable_resources


def saved_items_visible(user) -> QuerySet[SavedItem]:
    """The person's saved items they may still see, newest saved first, with their resources.
    Items since drafted, archived or restricted drop out (and come back if that is undone)."""
    return (
        SavedItem.objects.filter(user=user, resource__in=listable_resources(user).values("pk"))
        .select_related("resource")
        .defer("resource__body", "resource__body_html", "resource__search_vector")
        .order_by("-saved_at", "-pk")
    )


def saved_items_hidden_count(user) -> int:
    """How many of the person's saved items they can no longer see (one query)."""
    counts = SavedItem.objects.filter(user=user).aggregate(
        total=Count("pk"),
        visible=Count("pk", filter=Q(resource__in=listable_resources(user).values("pk"))),
    )
    return counts["total"] - counts["visible"]


def is_saved(user, resource: Resource) -> bool:
    return SavedItem.objects.filter(user=user, resource=resource).exists()
