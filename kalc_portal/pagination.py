"""Pagination for lists whose length is known without counting them, and for pages
whose rows are fetched one page at a time."""

import re

from django.core.paginator import Page, Paginator

from kalc_portal.parsing import parse_page_number


class CountedPaginator(Paginator):
    """A Paginator told how many items there are (from a cached tally, say), so that
    numbering the pages costs no COUNT(*) over every row; pages are still sliced from
    the object list."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # Paginator.count is a cached_property: the known figure takes its place.
        self.__dict__["count"] = count


def requested_page_number(requested) -> int | None:
    """The page number an address asked for, or None when it is not a whole number of at
    least 1 ("abc", "0", "-2", "²"): the caller shows page 1 or the last page with a notice.
    A number too long to mean anything (page=99999999999999999999) is a page past the end."""
    return parse_page_number(requested)


_ZERO_OR_NEGATIVE = re.compile(r"\s*(0+|-[0-9]{1,64})\s*", re.ASCII)


def page_of(paginator: Paginator, requested) -> Page:
    """paginator.get_page(requested), with the number read by the one parser: a number past
    the end (however long) or zero or below gives the last page, as Django does; anything
    that is not a plain number ("abc", "²", "١٢") gives page 1."""
    number = requested_page_number(requested)
    if number is None and isinstance(requested, str) and _ZERO_OR_NEGATIVE.fullmatch(requested):
        number = paginator.num_pages
    return paginator.get_page(number)
