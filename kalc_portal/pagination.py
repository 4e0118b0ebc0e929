"""Pagination for lists whose length is known without counting them, and for pages
whose rows are fetched one page at a time."""

from django.core.paginator import Paginator

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
