from django.core.management.base import BaseCommand

from members import permissions, services


class Command(BaseCommand):
    help = "Create the KALC office groups and give them the permissions permissions.py lists (idempotent)."

    def handle(self, *args, **options):
        for name in permissions.OFFICE_GROUPS:
            group = services.office_group(name)
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
