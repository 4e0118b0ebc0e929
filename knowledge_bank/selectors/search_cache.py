"""Repeated searches served from the cache.

A search ranks every match: "climate change" matches about 2,000 of 50,000 resources,
and reading and ranking them costs PostgreSQL 10-25 ms however well indexed (a
rank-ordered index would need the RUM extension, which managed PostgreSQL services do
not offer). People search for the same things ("climate change", a hub's guides, the
newest templates), so a results page asked for again is kept in the cache under:

- the catalogue's version (tallies.py): every write to resources (their topics included)
  or hubs moves it on, so a cached page never outlives the data it shows (tested);
- the audiences the reader may see (visibility), so a clerk's results never reach a
  member of the public;
- the words, the filters and the page asked for. Filters name hubs and topics by slug,
  and the view checks them against the current lists before it asks, so a renamed or
  deleted topic's old results cannot be reached.

Only a search asked for at least CACHE_AFTER times within CACHE_SECONDS is kept
(kalc_portal/repeat_cache.py says why). Pages that do not exist (page=abc or
past the end) are never kept. The first view of any search runs the full search:
manage.py bench_search measures that cost (README, Performance)."""

import hashlib

from django.conf import settings

from kalc_portal.pagination import requested_page_number
from kalc_portal.repeat_cache import remember_if_repeated
from knowledge_bank.selectors.hubs import listing_version
from knowledge_bank.selectors.search import QUERY_MAX_LENGTH, SearchResults, search_resources

CACHE_SECONDS = 10 * 60
CACHE_AFTER = 2


def search_resources_cached(
    user, *, query: str, filters_key: str, page: object = 1, **options
) -> SearchResults:
    """search_resources(user, query=..., page=..., **options), from the cache when the same
    reader's audiences asked for the same search recently. `filters_key` must identify the
    filters `options["narrow"]` applies (the view builds it from the validated filter form)."""
    number = requested_page_number(page)
    if not settings.KNOWLEDGE_SEARCH_CACHE or (number is None and page not in (None, "", 1)):
        # Not a page number: the full search says so (and such pages are never kept).
        return search_resources(user, query=query, page=page, **options)
    text = " ".join((query or "").split())[:QUERY_MAX_LENGTH]
    identity = "\x1f".join([listing_version(user), text, filters_key, str(number)])
    return remember_if_repeated(
        f"knowledge:search:{hashlib.sha256(identity.encode()).hexdigest()}",
        lambda: search_resources(user, query=query, page=page, **options),
        seconds=CACHE_SECONDS,
        after=CACHE_AFTER,
        keep=lambda results: not results.page_notice,
    )
