from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members import services

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "data" / "kent_councils.csv"


class Command(BaseCommand):
    help = "Load Kent and Medway councils (name,kind,district CSV); one area committee per district."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_CSV))

    def handle(self, *args, path, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            result = services.councils_load_csv(text=text)
        except services.CouncilCsvError as exc:
            raise CommandError(f"{path}, {exc}. Nothing was imported.") from exc
        self.stdout.write(
            f"Councils: {result.created} created, {result.updated} updated; "
            f"area committees created: {result.area_committees_created}."
        )
