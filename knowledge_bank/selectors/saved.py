"""Reads for "My saved items": only what the person may still see is listed."""

from django.db.models import Count, Q, QuerySet

from knowledge_bank import permissions
from knowledge_bank.models import Resource, SavedItem


def _still_visible(user) -> Q:
    # Conditions on the joined resource (one primary-key lookup per saved item), where
    # `resource IN (every visible resource)` made PostgreSQL read the whole bank.
    return Q(
        resource__status=Resource.Status.PUBLISHED,
        resource__audience__in=permissions.visible_audiences(user),
    )


def saved_items_visible(user) -> QuerySet[SavedItem]:
    """The person's saved items they may still see, newest saved first, with their resources.
    Items since drafted, archived or restricted drop out (and come back if that is undone)."""
    return (
        SavedItem.objects.filter(_still_visible(user), user=user)
        .select_related("resource")
        .defer("resource__body", "resource__body_html", "resource__search_vector")
        .order_by("-saved_at", "-pk")
    )


def saved_items_hidden_count(user) -> int:
    """How many of the person's saved items they can no longer see (one query)."""
    counts = SavedItem.objects.filter(user=user).aggregate(
        total=Count("pk"),
        visible=Count("pk", filter=_still_visible(user)),
    )
    return counts["total"] - counts["visible"]


def is_saved(user, resource: Resource) -> bool:
    return SavedItem.objects.filter(user=user, resource=resource).exists()
