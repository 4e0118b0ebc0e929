import uuid

from django.core.management.base import BaseCommand

from kalc_portal.outbox.services import mail_queue


class Command(BaseCommand):
    help = "Queue a test email through the outbox, to check that workers and the mail server are set up."

    def add_arguments(self, parser):
        parser.add_argument("to", help="the address to send it to")
        parser.add_argument("--name", default="there", help="the name in the greeting")

    def handle(self, *args, to, name, **options):
        mail = mail_queue(
            purpose="outbox.test",
            object_key=uuid.uuid4().hex,  # every test email is a new one
            to=to,
            template="outbox/test_message",
            context={"name": name},
        )
        self.stdout.write(
            f"Queued outgoing email {mail.pk} to {mail.to}; see it in the admin's Email outbox."
        )
