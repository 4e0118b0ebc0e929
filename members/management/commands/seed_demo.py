import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members import permissions, services
from members.models import Council, Position, User


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    positions: tuple[tuple[str, str, str], ...]  # (council name, district, role)
    is_staff: bool = False


DEMO_PEOPLE = (
    DemoPerson("office@example.org", "Olivia Office (KALC staff)", (), is_staff=True),
    DemoPerson(
        "clerk@example.org",
        "Alex Morgan",
        (("Sandwich", "Dover", Position.Role.CLERK), ("Ash", "Dover", Position.Role.CLERK)),
    ),
    DemoPerson("chair@example.org", "Priya Shah", (("Sandwich", "Dover", Position.Role.CHAIR),)),
    DemoPerson("councillor@example.org", "Tom Fletcher", (("Sandwich", "Dover", Position.Role.COUNCILLOR),)),
)


class Command(BaseCommand):
    help = "Create demo logins (staff, clerk, chair, councillor) on real councils. DEBUG only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo users new passwords and print them.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates known logins, so it refuses to run with DEBUG off.")
        if not Council.objects.exists():
            raise CommandError("No councils yet: run `manage.py load_councils` first.")
        with transaction.atomic():
            printed = [self._ensure(person, reset_passwords) for person in DEMO_PEOPLE]
        self.stdout.write("Demo logins (passwords are shown once; --reset-passwords makes new ones):")
        for email, password in printed:
            self.stdout.write(f"  {email:<26} {password or '(unchanged)'}")

    def _ensure(self, person: DemoPerson, reset_password: bool) -> tuple[str, str | None]:
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            user = services.user_create(
                email=person.email,
                full_name=person.full_name,
                password=password,
                is_staff=person.is_staff,
                email_verified=True,
            )
        elif reset_password:
            user.set_password(password)
            user.save(update_fields=["password"])
        else:
            password = None
        if person.is_staff:
            user.groups.add(services.office_group(permissions.OFFICE_STAFF))
        for council_name, district, role in person.positions:
            council = Council.objects.get(name=council_name, district=district)
            if not Position.objects.current().filter(user=user, council=council, role=role).exists():
                services.position_start(user=user, council=council, role=role)
        return person.email, password
