"""The directory's long lists, written in Python: `{{ page|council_rows:show_status }}`,
`{{ page|council_results }}` and `{{ page|area_committee_rows }}`.

A page of 50 councils through the template language cost about 60 microseconds a row
(a dozen variable lookups, filters and conditions each, and a {% url %} that cost more
than the rest of the row): at national scale, the largest part of the directory and
Find your council pages. Here the same markup is written with one reverse() per page.
members/tests/test_directory_rows.py holds the template each replaces and checks that
the output is the same."""

from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

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
    rows = []
    for council in councils:
        committee = council.area_committee
        email = (
            _link(f"mailto:{council.contact_email}", council.contact_email)
            if council.contact_email
            else '<span class="text-body-secondary">Not recorded</span>'
        )
        status = f"<td>{escape(council.get_membership_status_display())}</td>" if show_status else ""
        rows.append(
            "<tr>"
            f'<th scope="row">{_link(council_url(council.slug), council.display_name)}</th>'
            f"<td>{escape(council.get_kind_display())}</td>"
            f"<td>{escape(council.district)}</td>"
            f"<td>{_link(committee_url(committee.slug), committee.name)}</td>"
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
