import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from members.seeding import seed_scale


class Command(BaseCommand):
    help = (
        "Seed national-scale synthetic data (COPY): councils, people and positions, then every app's "
        "own `seed_scale_<app>` command (given --councils, --seed and --force). Refuses with DEBUG off "
        "unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=10_000)
        parser.add_argument("--people-per-council", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (a bench database)."
        )

    def handle(self, *args, councils, people_per_council, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale fills the database with synthetic people; with DEBUG off pass --force."
            )
        if councils < 1 or people_per_council < 1:
            raise CommandError("--councils and --people-per-council must be at least 1.")
        started = time.monotonic()
        result = seed_scale(councils=councils, people_per_council=people_per_council, seed=seed)
        self.stdout.write(
            f"Seeded {result.councils} councils in {result.area_committees} area committees, "
            f"{result.users} people, {result.positions} positions in {time.monotonic() - started:.1f}s."
        )
        for name in sorted(get_commands()):
            if name.startswith("seed_scale_"):
                # The same seed and the same --force: a bench database is seeded with DEBUG off.
                call_command(name, councils=councils, seed=seed, force=force, stdout=self.stdout)
