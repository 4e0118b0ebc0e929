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

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

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


def published_tallies() -> Tallies:
    """The current counts: two cache reads (the version, the counts), or two grouped queries
    after a write."""
    key = f"knowledge:tallies:{catalogue_version()}"
    tallies = cache.get(key)
    if tallies is None:
        tallies = _count()
        cache.set(key, tallies, TALLIES_SECONDS)
    return tallies


def catalogue_changed() -> None:
    """Resources or hub memberships changed: counts taken before now are out of date.

    The version moves at once, so this transaction's own later reads count afresh, and
    again after commit, so a page that counted from the snapshot before the commit
    (between the two) stores its numbers under a version nobody reads any more."""
    _new_version()
    transaction.on_commit(_new_version)


def catalogue_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _count() -> Tallies:
    published = Resource.objects.filter(status=Resource.Status.PUBLISHED).order_by()
    by_kind = {
        (row["kind"], row["audience"]): row["n"]
        for row in published.values("kind", "audience").annotate(n=Count("*"))
    }
    in_hubs = HubItem.objects.filter(resource__status=Resource.Status.PUBLISHED).order_by()
    by_hub = {
        (row["hub_id"], row["resource__kind"], row["resource__audience"]): row["n"]
        for row in in_hubs.values("hub_id", "resource__kind", "resource__audience").annotate(n=Count("*"))
    }
    return Tallies(by_kind=by_kind, by_hub=by_hub)
