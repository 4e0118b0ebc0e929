"""How many published resources there are per kind and audience, overall and in each
hub: counted once, kept in the cache until the catalogue changes.

Counting a hub's resources means reading every one of them: at 50,000 resources the
home page's hub counts, a hub page's "See all N" totals and What's new's page count
would read most of the table on every view. The numbers change only when a resource
is written (published, edited, archived, moved between hubs, deleted), and every such
write path calls catalogue_changed(), which moves the catalogue's version on. Counts
are stored under the version they were counted at, so a count taken from a snapshot
older than a write is never read after it.

Pages add up the audiences a person may see (visibility.visible_audiences), so drafts,
archived items and other audiences' resources never reach a number."""

import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.dispatch import receiver

from knowledge_bank.models import HubItem, Resource

VERSION_KEY = "knowledge:catalogue-version"
# A backstop for a write that bypasses the services (raw SQL in a shell): counts are
# recounted at least this often.
TALLIES_SECONDS = 60 * 60


@dataclass(frozen=True)
class Tallies:
    # (kind, audience) -> published resources.
    by_kind: dict[tuple[str, str], int]
    # (hub id, kind, audience) -> published resources in that hub.
    by_hub: dict[tuple[int, str, str], int]

    def total(self, audiences: Iterable[str], *, kind: str = "") -> int:
        audiences = set(audiences)
        return sum(
            n
            for (resource_kind, audience), n in self.by_kind.items()
            if audience in audiences and (not kind or resource_kind == kind)
        )

    def hub_kind_totals(self, hub_id: int, audiences: Iterable[str]) -> dict[str, int]:
        audiences = set(audiences)
        totals: dict[str, int] = {}
        for (hub, kind, audience), n in self.by_hub.items():
            if hub == hub_id and audience in audiences:
                totals[kind] = totals.get(kind, 0) + n
        return totals

    def hub_total(self, hub_id: int, audiences: Iterable[str], *, kind: str = "") -> int:
        totals = self.hub_kind_totals(hub_id, audiences)
        return totals.get(kind, 0) if kind else sum(totals.values())


# The counts this process read last, with their version and when they stop being trusted:
# while the version stands, one cache read (the version) is all a page pays.
_last_read: tuple[str, float, "Tallies"] | None = None


def published_tallies() -> Tallies:
    """The current counts: one cache read, or two grouped queries after a write."""
    global _last_read
    version = catalogue_version()
    if _last_read is not None and _last_read[0] == version and _last_read[1] > time.monotonic():
        return _last_read[2]
    key = f"knowledge:tallies:{version}"
    tallies = cache.get(key)
    if tallies is None:
        tallies = _count()
        cache.set(key, tallies, TALLIES_SECONDS)
    _last_read = (version, time.monotonic() + TALLIES_SECONDS, tallies)
    return tallies


def catalogue_changed() -> None:
    """Resources or hub memberships changed: counts taken before now are out of date.

    The version moves at once, so this transaction's own later reads count afresh, and
    again after commit, so a page that counted from the snapshot before the commit
    (between the two) stores its numbers under a version nobody reads any more."""
    _new_version()
    transaction.on_commit(_new_version)


# The version this request read, so that the several lists of one page (a search's
# filters and results, a resource and its related items) cost one cache read between
# them. Only while a request is being answered (request_started to request_finished):
# a Celery worker or a shell has no request to end, and must read the cache each time.
_NOT_IN_A_REQUEST = object()
_request_version: ContextVar = ContextVar("knowledge_catalogue_version", default=_NOT_IN_A_REQUEST)


@receiver(request_started)
def _request_begins(**kwargs) -> None:
    _request_version.set(None)


@receiver(request_finished)
def _request_ends(**kwargs) -> None:
    _request_version.set(_NOT_IN_A_REQUEST)


def catalogue_version() -> str:
    remembered = _request_version.get()
    if remembered is not None and remembered is not _NOT_IN_A_REQUEST:
        return remembered
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    if remembered is None:
        _request_version.set(version)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if _request_version.get() is not _NOT_IN_A_REQUEST:
        _request_version.set(None)  # this request's next read sees the write


def _count() -> Tallies:
    resources, hub_items = Resource._meta.db_table, HubItem._meta.db_table
    published = Resource.Status.PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, audience, COUNT(*) FROM {resources} WHERE status = %s GROUP BY 1, 2",  # noqa: S608
            [published],
        )
        by_kind = {(kind, audience): n for kind, audience, n in cursor.fetchall()}
        cursor.execute(
            f"SELECT item.hub_id, resource.kind, resource.audience, COUNT(*) "  # noqa: S608 - our tables
            f"FROM {hub_items} AS item JOIN {resources} AS resource ON resource.id = item.resource_id "
            "WHERE resource.status = %s GROUP BY 1, 2, 3",
            [published],
        )
        by_hub = {(hub, kind, audience): n for hub, kind, audience, n in cursor.fetchall()}
    return Tallies(by_kind=by_kind, by_hub=by_hub)
