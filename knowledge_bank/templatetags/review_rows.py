"""The review board's hub sections written in Python: `{% review_section section today window %}`
gives one hub's `<section>`, its table and a `<tr class="review-row">` per BoardEntry
(knowledge_bank.selectors.review), exactly as the board's template wrote them.

The all-hubs board shows up to 10 rows for each hub; through the template language each
row cost two {% url %}s, a |date, two pluralize, the choice labels and a "Mark reviewed"
form with its {% csrf_token %} and the page's address, and the rows were half of the
page's time (the section around them, another tenth). Here the URLs are reversed, and
the token and address read, once per page.
knowledge_bank/tests/test_review_rows.py holds the template and checks the output is the same."""

import datetime
from html import escape

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from knowledge_bank.models import Resource
from knowledge_bank.selectors.review import SECTION_SIZE
from members.templatetags.directory_rows import slug_url

register = template.Library()

_KIND_LABELS = dict(Resource.Kind.choices)
_STATUS_LABELS = dict(Resource.Status.choices)

_TABLE_HEAD = (
    "      <thead>\n"
    "        <tr>\n"
    '          <th scope="col">Resource</th><th scope="col">Kind</th><th scope="col">Owner</th>\n'
    '          <th scope="col">Review due</th><th scope="col">Overdue</th>'
    '<th scope="col"><span class="visually-hidden">Action</span></th>\n'
    "        </tr>\n"
    "      </thead>\n"
)


def _csrf_input(csrf_token) -> str:
    # What {% csrf_token %} writes: nothing when the context has no token (or the
    # "NOTPROVIDED" placeholder that requires_csrf_token views put there).
    if not csrf_token or csrf_token == "NOTPROVIDED":  # noqa: S105 - not a password
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">'


def _days(count: int) -> str:
    # "day" with |pluralize's "s": for every count but exactly 1.
    return f"{count} day" if count == 1 else f"{count} days"


def _due_badge(days_overdue: int) -> str:
    if days_overdue > 0:
        return f'<span class="badge text-bg-danger">{_days(days_overdue)} overdue</span>'
    if days_overdue == 0:
        return '<span class="badge text-bg-warning">Due today</span>'
    return f"Due in {_days(-days_overdue)}"


class _BoardPage:
    """What every section and row of one page shares, worked out once per page: reversing
    the URLs, translating the labels and reading the token each cost more than a row."""

    def __init__(self, context):
        self.board_url = escape(reverse("knowledge_bank:review_board"))
        self.resource_url = slug_url("knowledge_bank:resource")
        self.mark_reviewed_url = slug_url("knowledge_bank:mark_reviewed")
        self.csrf_input = _csrf_input(context.get("csrf_token"))
        # "Mark reviewed" comes back to this page (views.review._back_to).
        request = context.get("request")
        self.next_path = escape(request.get_full_path()) if request is not None else ""
        self.kind_labels = {value: escape(str(label)) for value, label in _KIND_LABELS.items()}
        self.status_labels = {value: escape(str(label)) for value, label in _STATUS_LABELS.items()}
        # In the active language, as |date writes them.
        self.month_names = {number: str(name) for number, name in MONTHS.items()}

    def section(self, section, today: datetime.date, window: str) -> str:
        hub_value = escape(section.hub_value)
        hub_name = section.hub.name if section.hub is not None else ""
        more = ""
        if section.has_more:
            where = f"in {escape(hub_name)}" if section.hub is not None else "with no hub"
            more = (
                f'<p class="review-more">The {SECTION_SIZE} earliest are shown; more are due.\n'
                f'    <a href="{self.board_url}?hub={hub_value}&amp;window={escape(window)}">'
                f"See all due {where}</a></p>"
            )
        rows = "\n".join(self.row(entry, today) for entry in section.entries)
        return (
            f'<section class="mb-4" aria-labelledby="review-hub-{hub_value}">\n'
            f'  <h2 class="h4" id="review-hub-{hub_value}">{escape(hub_name or "No hub")}</h2>\n'
            '  <div class="table-responsive">\n'
            '    <table class="table align-middle">\n'
            '      <caption class="visually-hidden">Resources due for review in '
            f"{escape(hub_name or 'no hub')}, earliest due first</caption>\n"
            f"{_TABLE_HEAD}"
            "      <tbody>\n"
            f"{rows}\n"
            "      </tbody>\n"
            "    </table>\n"
            "  </div>\n"
            f"  {more}\n"
            "</section>"
        )

    def row(self, entry, today: datetime.date) -> str:
        title = escape(entry.title)
        status_badge = (
            ""
            if entry.status == Resource.Status.PUBLISHED
            else '<span class="badge text-bg-secondary">'
            f"{self.status_labels.get(entry.status) or escape(entry.status)}</span>"
        )
        due = entry.review_due
        return (
            '<tr class="review-row">\n'
            '  <th scope="row">\n'
            f'    <a href="{escape(self.resource_url(entry.slug))}">{title}</a>\n'
            f"    {status_badge}\n"
            "  </th>\n"
            f"  <td>{self.kind_labels.get(entry.kind) or escape(entry.kind)}</td>\n"
            f"  <td>{escape(entry.owner_name)}</td>\n"
            # |date:"j F Y": "2 July 2026".
            f"  <td>{due.day} {self.month_names[due.month]} {due.year:04d}</td>\n"
            "  <td>\n"
            f"    {_due_badge((today - due).days)}\n"
            "  </td>\n"
            "  <td>\n"
            f'    <form method="post" action="{escape(self.mark_reviewed_url(entry.slug))}">\n'
            f"      {self.csrf_input}\n"
            f'      <input type="hidden" name="next" value="{self.next_path}">\n'
            '      <button type="submit" class="btn btn-sm btn-outline-primary">Mark reviewed'
            f'<span class="visually-hidden"> “{title}”</span></button>\n'
            "    </form>\n"
            "  </td>\n"
            "</tr>"
        )


@register.simple_tag(takes_context=True)
def review_section(context, section, today: datetime.date, window: str):
    """One BoardSection (knowledge_bank.selectors.review): its heading, table and, when more
    are due than it shows, the link to the rest of its hub."""
    # Kept for the rest of this page's render (one section per hub), as {% cycle %} keeps its state.
    board_page = context.render_context.get(_BoardPage)
    if board_page is None:
        board_page = context.render_context[_BoardPage] = _BoardPage(context)
    return mark_safe(board_page.section(section, today, window))  # noqa: S308 - every value is escaped
