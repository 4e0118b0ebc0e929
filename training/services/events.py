"""Events and their sessions: the derived fields (rendered description, first start and
last end) are written here, so the admin and the seeders leave every event consistent."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min

from kalc_portal.markdown import render_markdown
from training.models import Event, EventSession


@dataclass(frozen=True)
class SessionSpec:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue_name: str = ""
    venue_address: str = ""
    online_url: str = ""
    title: str = ""


@transaction.atomic
def event_derived_fields_refresh(*, event: Event) -> Event:
    """Render the description and take the event's first start and last end from its sessions."""
    span = event.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    event.description_html = render_markdown(event.description)
    event.starts_at, event.ends_at = span["first"], span["last"]
    Event.objects.filter(pk=event.pk).update(
        description_html=event.description_html, starts_at=event.starts_at, ends_at=event.ends_at
    )
    return event


@transaction.atomic
def event_create(
    *,
    title: str,
    slug: str,
    capacity: int,
    booking_opens_at: datetime.datetime,
    booking_closes_at: datetime.datetime,
    cancellation_deadline: datetime.datetime,
    sessions: list[SessionSpec],
    kind: str = Event.Kind.COURSE,
    audience: str = Event.Audience.MEMBERS,
    summary: str = "",
    description: str = "",
    provider: str = "",
    member_price: Decimal = Decimal(0),
    non_member_price: Decimal = Decimal(0),
    cpd_hours: Decimal = Decimal(0),
    status: str = Event.Status.DRAFT,
) -> Event:
    """An event with its sessions, validated against the model's constraints."""
    event = Event(
        title=title,
        slug=slug,
        kind=kind,
        audience=audience,
        summary=summary,
        description=description,
        provider=provider,
        capacity=capacity,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
        cancellation_deadline=cancellation_deadline,
        member_price=member_price,
        non_member_price=non_member_price,
        cpd_hours=cpd_hours,
        status=status,
    )
    event.full_clean()
    event.save()
    for spec in sessions:
        session = EventSession(event=event, **spec.__dict__)
        session.full_clean()
        session.save()
    return event_derived_fields_refresh(event=event)


@transaction.atomic
def event_status_set(*, event: Event, status: str) -> Event:
    """Publish, cancel or return an event to draft."""
    if status not in Event.Status.values:
        raise ValueError(f"{status!r} is not an event status")
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event
