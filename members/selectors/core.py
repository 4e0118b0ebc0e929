from django.db.models import F, QuerySet

from members.models import Position


def positions_for_user(user, *, include_ended: bool = False) -> QuerySet[Position]:
    """A person's positions with their council and area committee; current ones first."""
    positions = Position.objects.filter(user=user).select_related("council", "council__area_committee")
    if not include_ended:
        positions = positions.current()
    return positions.order_by(F("ended_on").desc(nulls_first=True), "council__name", "role")
