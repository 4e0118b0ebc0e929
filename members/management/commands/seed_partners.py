from django.core.management.base import BaseCommand

from members.services.partners import partner_directory_seed_examples


class Command(BaseCommand):
    help = "Create example partner categories, partners and key contacts for a demo (safe to run again)."

    def handle(self, *args, **options):
        result = partner_directory_seed_examples()
        self.stdout.write(
            f"Partners directory: {result.categories_created} categories, "
            f"{result.partners_created} partners and {result.contacts_created} key contacts created."
        )
