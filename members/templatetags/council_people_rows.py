"""The lists on a council's People page, written in Python:
`{{ current_positions|current_position_rows:council.slug }}`, `{{ past_positions|past_position_rows }}`
and `{{ open_invitations|open_invitation_items }}`.

Through the template language each row cost a {% url %}, two or three |date filters and a
dozen lookups (get_full_name twice, get_role_display twice): about half of the page's time,
for a page the clerk opens whenever someone joins or leaves. Here the URL is reversed once
per list and dates are written without the |date machinery.
members/tests/test_council_people_rows.py holds the template markup each replaces and
checks that the output is the same."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from members.models import Position

register = template.Library()

_ROLE_LABELS = dict(Position.Role.choices)


def _role_label(role: str) -> str:
    # As get_role_display(): a value outside the choices shows as itself.
    return str(_ROLE_LABELS.get(role, role))


def _long_date(value, month_names: dict[int, str]) -> str:
    """What |date:"j F Y" writes ("2 July 2026"); a datetime in local time, as the filter sees it."""
    if value is None:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {month_names[value.month]} {value.year}"


# Month names by language: translating the twelve lazy names cost more than a list's rows.
_month_names_by_language: dict[str | None, dict[int, str]] = {}


def _month_names() -> dict[int, str]:
    language = get_language()
    names = _month_names_by_language.get(language)
    if names is None:
        names = {number: str(name) for number, name in MONTHS.items()}
        _month_names_by_language[language] = names
    return names


@register.filter
def current_position_rows(positions, council_slug):
    """<tr>s for the current positions table; each position with its user loaded and
    can_end set by the view (from permissions.can_end_position)."""
    marker = 987654321  # a pk no real position has, replaced by each row's own
    prefix, suffix = reverse("members:position_end", args=[council_slug, marker]).split(str(marker))
    month_names = _month_names()
    rows = []
    for position in positions:
        user = position.user
        name = escape(user.get_full_name())
        role = _role_label(position.role)
        last_login = _long_date(user.last_login, month_names) if user.last_login else "Never"
        end_link = (
            f'<a class="btn btn-sm btn-outline-danger" href="{escape(f"{prefix}{position.pk}{suffix}")}">'
            f'End position<span class="visually-hidden"> of {name} as {escape(role.lower())}</span></a>'
            if position.can_end
            else ""
        )
        rows.append(
            f'<tr id="position-{position.pk}">'
            f'<td>{name}<br><span class="text-body-secondary">{escape(user.email)}</span></td>'
            f"<td>{escape(role)}</td>"
            f"<td>{_long_date(position.started_on, month_names)}</td>"
            f"<td>{last_login}</td>"
            f"<td>{end_link}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped


@register.filter
def past_position_rows(positions):
    """<tr>s for the past positions table; each position with its user loaded."""
    month_names = _month_names()
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            "<tr>"
            f"<td>{escape(position.user.get_full_name())}</td>"
            f"<td>{escape(_role_label(position.role))}</td>"
            f"<td>{_long_date(position.started_on, month_names)}</td>"
            f"<td>{_long_date(position.ended_on, month_names)}</td>"
            "</tr>"
            for position in positions
        )
    )


@register.filter
def open_invitation_items(invitations):
    """<li>s for the invitations waiting to be accepted."""
    month_names = _month_names()
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            f"<li>{escape(invitation.full_name or invitation.email)} ({escape(invitation.email)}), "
            f"{escape(_role_label(invitation.role).lower())}: "
            f"invited {_long_date(invitation.created_at, month_names)}, "
            f"link works until {_long_date(invitation.expires_at, month_names)}</li>"
            for invitation in invitations
        )
    )
