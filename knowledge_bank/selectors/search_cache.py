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

Only a search asked for at least CACHE_AFTER times within CACHE_SECONDS is kept: the
cache lives in the same Redis as the sessions, and a stream of one-off searches (or
someone typing random words) must not fill it. Pages that do not exist (page=abc or
past the end) are never kept. The first view of any search runs the full search:
bench/inprocess.py measures that cost (README, Performance)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from kalc_portal.pagination import requested_page_number
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
    if not settings.KNOWLEDGE_SEARCH_CACHE:
        return search_resources(user, query=query, page=page, **options)
    if number is None and page not in (None, "", 1):
        # Not a page number: the full search says so (and such pages are never kept).
        return search_resources(user, query=query, page=page, **options)
    text = " ".join((query or "").split())[:QUERY_MAX_LENGTH]
    identity = "\x1f".join([listing_version(user), text, filters_key, str(number or 1)])
    digest = hashlib.sha256(identity.encode()).hexdigest()
    key = f"knowledge:search:{digest}"
    results = cache.get(key)
    if results is not None:
        return results
    results = search_resources(user, query=query, page=page, **options)
    if not results.page_notice and _asked_often(digest):
        cache.set(key, results, CACHE_SECONDS)
    return results


def _asked_often(digest: str) -> bool:
    counter = f"knowledge:search-asked:{digest}"
    cache.add(counter, 0, CACHE_SECONDS)
    try:
        return cache.incr(counter) >= CACHE_AFTER
    except ValueError:  # the counter expired between add and incr
        return False
