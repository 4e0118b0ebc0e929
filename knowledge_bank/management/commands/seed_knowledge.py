import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from knowledge_bank.seeding import seed_knowledge, vacuum_after_seeding

MAX_COUNT = 1_000_000


class Command(BaseCommand):
    help = (
        "Add N synthetic knowledge bank resources (realistic parish-council text, hubs, topics, "
        "search vectors) for benchmarks. Refuses with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000, help="How many resources to add.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same text).")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (a bench database)."
        )

    def handle(self, *args, count, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_knowledge fills the database with synthetic resources; with DEBUG off pass --force."
            )
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT:,}.")
        started = time.monotonic()
        result = seed_knowledge(count=count, seed=seed)
        vacuum_after_seeding()
        self.stdout.write(
            f"Seeded {result.resources:,} resources ({result.published:,} published), "
            f"{result.hub_items:,} hub items and {result.topic_links:,} topic links"
            f"{f', created {result.hubs_created} hubs' if result.hubs_created else ''} "
            f"in {time.monotonic() - started:.1f}s."
        )
