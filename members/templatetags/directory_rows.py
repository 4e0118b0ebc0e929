"""The directory's long lists, written in Python: `{{ page|council_rows:show_status }}`,
`{{ page|council_results }}` and `{{ page|area_committee_rows }}`, the links to their other
pages, `{% pagination_nav pagination label %}`, and the council page's people,
`{{ positions|position_rows }}`.

A page of 50 councils through the template language cost about 60 microseconds a row
(a dozen variable lookups, filters and conditions each, and a {% url %} that cost more
than the rest of the row): at national scale, the largest part of the directory and
Find your council pages. Here the same markup is written with one reverse() per page.
members/tests/test_directory_rows.py holds the template each replaces and checks that
the output is the same. The page links cost a {% querystring %} each (a copy of the
request's query and its encoding): about a millisecond a list, now one encoding."""

from html import escape
from urllib.parse import quote

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


def slug_url(view_name: str):
    """slug -> the view's URL, exactly as reverse() writes it, reversing only once."""
    marker = "slug-marker"
    prefix, suffix = reverse(view_name, args=[marker]).split(marker)
    # reverse() percent-encodes its arguments, keeping these characters.
    return lambda slug: f"{prefix}{quote(slug, safe="!$&'()*+,;=/~:@")}{suffix}"


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}">{escape(text)}</a>'


def _detail(term: str, description: str) -> str:
    return f'<dt class="col-sm-2">{term}</dt><dd class="col-sm-10">{description}</dd>'


@register.filter
def council_rows(councils, show_status=False):
    """<tr>s for the members' directory table; each council with its area committee loaded."""
    council_url = slug_url("members:council_detail")
    committee_url = slug_url("members:area_committee_detail")
    # A page has a handful of committees, kinds and statuses: each cell is written once.
    committee_cells, kind_cells, status_cells = {}, {}, {}
    rows = []
    for council in councils:
        committee_id = council.area_committee_id
        if committee_id not in committee_cells:
            committee = council.area_committee
            committee_cells[committee_id] = f"<td>{_link(committee_url(committee.slug), committee.name)}</td>"
        if council.kind not in kind_cells:
            kind_cells[council.kind] = f"<td>{escape(council.get_kind_display())}</td>"
        status = ""
        if show_status:
            if council.membership_status not in status_cells:
                status_cells[council.membership_status] = (
                    f"<td>{escape(council.get_membership_status_display())}</td>"
                )
            status = status_cells[council.membership_status]
        email = (
            _link(f"mailto:{council.contact_email}", council.contact_email)
            if council.contact_email
            else '<span class="text-body-secondary">Not recorded</span>'
        )
        rows.append(
            "<tr>"
            f'<th scope="row">{_link(council_url(council.slug), council.display_name)}</th>'
            f"{kind_cells[council.kind]}"
            f"<td>{escape(council.district)}</td>"
            f"{committee_cells[committee_id]}"
            f"<td>{email}</td>"
            f"{status}"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped


@register.filter
def council_results(councils):
    """<li>s for Find your council: public fields only."""
    items = []
    for council in councils:
        details = []
        if council.contact_email:
            details.append(_detail("Email", _link(f"mailto:{council.contact_email}", council.contact_email)))
        if council.contact_phone:
            details.append(_detail("Phone", escape(council.contact_phone)))
        if council.website:
            details.append(_detail("Website", _link(council.website, council.website)))
        contact = (
            f'<dl class="row mb-0">{"".join(details)}</dl>'
            if details
            else '<p class="mb-0">We do not have contact details for this council yet. '
            "Your district council can put you in touch.</p>"
        )
        items.append(
            '<li class="border-bottom py-3">'
            f'<h3 class="h5 mb-1">{escape(council.display_name)}</h3>'
            f'<p class="mb-1 text-body-secondary">{escape(council.district)}</p>'
            f"{contact}"
            "</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value is escaped


@register.filter
def area_committee_rows(committees):
    """<tr>s for the area committee list; each committee annotated with member_council_count."""
    committee_url = slug_url("members:area_committee_detail")
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            "<tr>"
            f'<th scope="row">{_link(committee_url(committee.slug), committee.name)}</th>'
            f"<td>{escape(committee.district)}</td>"
            f'<td class="text-end">{committee.member_council_count}</td>'
            "</tr>"
            for committee in committees
        )
    )


def _encoded(query: QueryDict, keys: list[str]) -> str:
    params = QueryDict(mutable=True)
    for key in keys:
        params.setlist(key, query.getlist(key))
    return params.urlencode()


@register.simple_tag(takes_context=True)
def pagination_nav(context, pagination, label=""):
    """The list's page links (a Pagination from members.views.directory), keeping the
    search and filters; nothing when there is only one page."""
    page = pagination.page
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return ""
    # What {% querystring page=n %} writes: the request's query with `page` set, in place
    # if it was there, last if not. The parameters around it are encoded once, not per link.
    query = context.request.GET
    keys = list(query)
    if "page" not in keys:
        keys.append("page")
    position = keys.index("page")
    before = _encoded(query, keys[:position])
    after = _encoded(query, keys[position + 1 :])
    before = escape(f"?{before}&page=" if before else "?page=")
    after = escape(f"&{after}" if after else "")

    def link(number, text, current=False):
        attributes = ' aria-current="page"' if current else ""
        return f'<a class="page-link" href="{before}{number}{after}"{attributes}>{text}</a>'

    items = []
    if page.has_previous():
        previous_link = link(
            page.previous_page_number(), 'Previous<span class="visually-hidden"> page</span>'
        )
        items.append(f'<li class="page-item">{previous_link}</li>')
    for number in pagination.page_range:
        if number == page.number:
            current_link = link(number, f'<span class="visually-hidden">Page </span>{number}', current=True)
            items.append(f'<li class="page-item active">{current_link}</li>')
        elif number == paginator.ELLIPSIS:
            ellipsis = f'<span class="page-link" aria-hidden="true">{escape(str(number))}</span>'
            items.append(f'<li class="page-item disabled">{ellipsis}</li>')
        else:
            page_link = link(number, f'<span class="visually-hidden">Page </span>{number}')
            items.append(f'<li class="page-item">{page_link}</li>')
    if page.has_next():
        next_link = link(page.next_page_number(), 'Next<span class="visually-hidden"> page</span>')
        items.append(f'<li class="page-item">{next_link}</li>')
    return mark_safe(  # noqa: S308 - the label and the query are escaped; numbers are ints
        f'<nav aria-label="{escape(label or "Pages of results")}" class="mt-3">'
        f'<ul class="pagination flex-wrap">{"".join(items)}</ul>'
        "</nav>"
    )


def _day(value) -> str:
    """`{{ value|date:"j F Y" }}`: in the current time zone, month names in the current language."""
    return escape(format_date(template_localtime(value), "j F Y"))


@register.filter
def position_rows(positions):
    """<tr>s for the council page's people with a current position; each with its user loaded."""
    rows = []
    for position in positions:
        person = position.user
        last_login = _day(person.last_login) if person.last_login else "never"
        rows.append(
            f'<tr id="position-{position.pk}">'
            f'<th scope="row">{escape(person.get_full_name())}</th>'
            f"<td>{escape(position.get_role_display())}</td>"
            f"<td>{_day(position.started_on)}</td>"
            f"<td>{last_login}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped
