import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from knowledge_bank.seeding import seed_knowledge, vacuum_after_seeding

RESOURCES_PER_COUNCIL = 5


class Command(BaseCommand):
    help = (
        f"The knowledge bank's part of seed_scale: {RESOURCES_PER_COUNCIL} synthetic resources per council "
        "(50,000 at 10,000 councils). Refuses with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (a bench database)."
        )

    def handle(self, *args, councils, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale_knowledge fills the database with synthetic resources; "
                "with DEBUG off pass --force."
            )
        if councils < 1:
            raise CommandError("--councils must be at least 1.")
        started = time.monotonic()
        result = seed_knowledge(count=councils * RESOURCES_PER_COUNCIL, seed=seed)
        vacuum_after_seeding()
        self.stdout.write(
            f"Seeded {result.resources:,} knowledge bank resources ({result.published:,} published) "
            f"in {time.monotonic() - started:.1f}s."
        )
