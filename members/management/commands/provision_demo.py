from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from members.management.commands.seed_demo import DEMO_PEOPLE
from members.models import Council, User


class Command(BaseCommand):
    help = "First run of `make run`: load the real councils and the demo logins when the database is empty."

    def add_arguments(self, parser):
        parser.add_argument("--list-logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, list_logins=False, **options):
        if list_logins:
            self.stdout.write(
                "Demo logins (passwords were printed when they were created; "
                "`make demo-passwords` issues new ones):"
            )
            for person in DEMO_PEOPLE:
                self.stdout.write(f"  {person.email:<26} {person.full_name}")
            return
        call_command("sync_office_groups", stdout=self.stdout)
        if not Council.objects.exists():
            call_command("load_councils", stdout=self.stdout)
        call_command("seed_partners", stdout=self.stdout)
        if settings.DEBUG and not User.objects.exists():
            call_command("seed_demo", stdout=self.stdout)
        # Each later app provisions its own starting content (members imports no other app).
        for name in sorted(get_commands()):
            if name.startswith("provision_") and name != "provision_demo":
                call_command(name, stdout=self.stdout)
