import math
import os
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from knowledge_bank import permissions
from knowledge_bank.models import Resource
from knowledge_bank.selectors.search import search_resources
from members.models import Council, Position, User
from members.services.core import councils_load_csv, position_start, user_create

DEFAULT_QUERIES = [
    "climate change",
    "code conduct",
    "flood plan",
    "allotment rent",
    "grant funding",
    "speed watch",
    "village hall",
    "data protection",
    "neighbourhood plan",
    "internal audit",
]
BENCH_CLERK_EMAIL = "bench-clerk@bench.example.org"
BENCH_COUNCIL = "Benchmark Parish"


def _percentile(sorted_values: list[float], fraction: float) -> float:
    # Nearest rank: the smallest value with at least `fraction` of the values at or below it.
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


class Command(BaseCommand):
    help = (
        "Time the knowledge bank search page server-side (the whole Django request through the "
        "test client, DEBUG off) for a rotating set of two-word queries against the current "
        "database, signed in as a clerk. Seed first: manage.py seed_knowledge --count 50000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Timed requests (after warm-up).")
        parser.add_argument("--warmup", type=int, default=20, help="Untimed requests first.")
        parser.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES, help="Search texts to rotate.")
        parser.add_argument(
            "--min-resources",
            type=int,
            default=1_000,
            help="Refuse to run on fewer resources than this (the figures would mean nothing).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With DEBUG off, allow creating a bench clerk when the database has no clerk.",
        )

    def handle(self, *args, requests, warmup, queries, min_resources, force, **options):
        if requests < 1 or warmup < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        total = Resource.objects.count()
        if total < min_resources:
            raise CommandError(
                f"The database has {total:,} resources; the bench needs at least {min_resources:,}. "
                "Run `manage.py seed_knowledge --count 50000` first (add --force when DEBUG is off)."
            )
        published = Resource.objects.published().count()
        clerk = self._clerk(force=force)
        audiences = permissions.visible_audiences(clerk)
        visible = Resource.objects.published().filter(audience__in=audiences).count()

        url = reverse("knowledge_bank:search")
        client = Client(SERVER_NAME=self._host())
        client.force_login(clerk)
        floor_url = self._floor_url()
        query_counts: dict[str, int] = {}
        result_counts = {query: search_resources(clerk, query=query).count for query in queries}
        load_before = os.getloadavg()[0]

        timings = {query: [] for query in queries}
        floor_timings = []
        with override_settings(DEBUG=False):
            for index in range(warmup):
                self._get(client, url, queries[index % len(queries)])
            for query in queries:
                with CaptureQueriesContext(connection) as captured:
                    self._get(client, url, query)
                query_counts[query] = sum(
                    1 for entry in captured if entry["sql"] not in ("BEGIN", "COMMIT", "ROLLBACK")
                )
            for index in range(requests):
                if floor_url:
                    # The floor, taken at the same moments, shows what the shared machine allows.
                    started = time.perf_counter()
                    client.get(floor_url, secure=True)
                    floor_timings.append((time.perf_counter() - started) * 1000)
                query = queries[index % len(queries)]
                started = time.perf_counter()
                self._get(client, url, query)
                timings[query].append((time.perf_counter() - started) * 1000)

        self._report(timings, query_counts, result_counts, total, published, visible, audiences, warmup)
        if floor_timings:
            every = [value for values in timings.values() for value in values]
            floor_median = statistics.median(floor_timings)
            ratio = statistics.median(every) / floor_median
            self.stdout.write(
                f"Floor page (same middleware and session, one query, tiny template): median "
                f"{floor_median:.1f} ms; the search median is {ratio:.1f}x the floor."
            )
        self.stdout.write(
            f"Load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
            f"on {os.cpu_count()} CPUs."
        )

    def _clerk(self, *, force: bool) -> User:
        """A person holding a current clerk's position: an existing one, or one made for the bench."""
        position = (
            Position.objects.current()
            .filter(role=Position.Role.CLERK, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if position is not None:
            return position.user
        if not settings.DEBUG and not force:
            raise CommandError(
                "No clerk to sign in as. With DEBUG off pass --force to create a bench clerk "
                f"({BENCH_CLERK_EMAIL}), or run seed_scale first."
            )
        council = Council.objects.filter(name=BENCH_COUNCIL).first()
        if council is None:
            councils_load_csv(text=f"name,kind,district\n{BENCH_COUNCIL},parish,Benchmark\n")
            council = Council.objects.get(name=BENCH_COUNCIL)
        user = User.objects.filter(email=BENCH_CLERK_EMAIL).first() or user_create(
            email=BENCH_CLERK_EMAIL, full_name="Bench Clerk", email_verified=True
        )
        position_start(user=user, council=council, role=Position.Role.CLERK)
        return user

    @staticmethod
    def _floor_url() -> str | None:
        try:
            return reverse("bench_floor")  # routed only with BENCH_ENDPOINTS on
        except NoReverseMatch:
            return None

    @staticmethod
    def _host() -> str:
        for host in settings.ALLOWED_HOSTS:
            if host and host not in ("*",) and not host.startswith("."):
                return host
        return "localhost"

    @staticmethod
    def _get(client: Client, url: str, query: str):
        response = client.get(url, {"q": query}, secure=True)
        if response.status_code != 200:
            raise CommandError(f"The search page answered {response.status_code} for {query!r}.")
        return response

    def _report(self, timings, query_counts, result_counts, total, published, visible, audiences, warmup):
        write = self.stdout.write
        every = sorted(value for values in timings.values() for value in values)
        write(
            f"Knowledge bank search bench: {total:,} resources ({published:,} published, "
            f"{visible:,} visible to the signed-in clerk: {', '.join(audiences)})."
        )
        write(
            f"{len(every)} timed requests after {warmup} warm-up, DEBUG off, "
            "full request through the test client (page 1 of each search)."
        )
        header = (
            f"{'query':<22}{'requests':>9}{'results':>9}{'median ms':>11}{'p95 ms':>9}"
            f"{'min ms':>9}{'max ms':>9}{'SQL':>6}"
        )
        write(header)
        write("-" * len(header))
        for query, values in timings.items():
            if not values:
                continue
            values = sorted(values)
            write(
                f"{query[:21]:<22}{len(values):>9}{result_counts[query]:>9,}"
                f"{statistics.median(values):>11.1f}{_percentile(values, 0.95):>9.1f}"
                f"{values[0]:>9.1f}{values[-1]:>9.1f}{query_counts[query]:>6}"
            )
        write("-" * len(header))
        write(
            f"{'all':<22}{len(every):>9}{'':>9}{statistics.median(every):>11.1f}"
            f"{_percentile(every, 0.95):>9.1f}{every[0]:>9.1f}{every[-1]:>9.1f}"
            f"{max(query_counts.values()):>6}"
        )
        write("SQL: statements per request, not counting the search's BEGIN and COMMIT.")
        write(f"Median {statistics.median(every):.1f} ms, p95 {_percentile(every, 0.95):.1f} ms.")
