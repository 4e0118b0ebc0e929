"""`{% council_manage_nav council active can_manage can_hand_over %}`: the "Back to the council"
link and the pills above every page the clerk runs under /councils/<slug>/, written in Python.

Through the template language the five {% url %} tags and their conditions cost about
0.4 ms, a tenth of what the whole People page may spend beyond the bench floor. Here each
URL pattern is reversed once per process (cached_urls.slug_url) and the slug put into it.
members/tests/test_council_manage_nav.py holds the template it replaces and checks that the
output is the same."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from members.templatetags.cached_urls import slug_url

register = template.Library()

# (view name, link text, the `active` value that marks it as the current page)
_PILLS = (
    ("members:council_people", "People", "people"),
    ("members:council_invite", "Invite someone", "invite"),
    ("members:council_edit", "Contact details", "edit"),
)
_HANDOVER_PILL = ("members:clerk_handover", "Hand over the clerkship", "handover")


def _pill(view_name: str, text: str, name: str, slug: str, active) -> str:
    current = name == active
    return (
        f'<li class="nav-item"><a class="nav-link{" active" if current else ""}" '
        f'href="{escape(slug_url(view_name, slug))}"{' aria-current="page"' if current else ""}>'
        f"{text}</a></li>"
    )


@register.simple_tag
def council_manage_nav(council, active="", can_manage=False, can_hand_over=False):
    parts = []
    overview_url = slug_url("members:council_detail", council.slug)
    if overview_url:
        parts.append(f'<p><a href="{escape(overview_url)}">Back to {escape(council.display_name)}</a></p>')
    if can_manage:
        pills = [_pill(*pill, council.slug, active) for pill in _PILLS]
        if can_hand_over:
            pills.append(_pill(*_HANDOVER_PILL, council.slug, active))
        parts.append(
            '<nav aria-label="Running the council\'s record" class="mb-4">\n'
            '  <ul class="nav nav-pills flex-wrap">\n    ' + "\n    ".join(pills) + "\n  </ul>\n</nav>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - the name and URLs are escaped
