"""Pagination for lists whose length is known without counting them."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told how many items there are (from a cached tally, say), so that
    numbering the pages costs no COUNT(*) over every row; pages are still sliced from
    the object list."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # Paginator.count is a cached_property: the known figure takes its place.
        self.__dict__["count"] = count
