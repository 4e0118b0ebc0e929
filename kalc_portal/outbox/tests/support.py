"""For other apps' tests: send what the outbox holds, as a worker would."""

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_send


def send_queued_mail() -> int:
    """Send every queued outbox row now through mail_send (Django's test mail backend
    collects them in django.core.mail.outbox), oldest first. Returns how many were sent."""
    ids = list(
        OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(mail_send(outgoing_mail_id=pk).status == "sent" for pk in ids)


def sent_mail() -> list:
    """What has been sent so far, after sending whatever the outbox still holds queued."""
    from django.core import mail as django_mail

    send_queued_mail()
    return django_mail.outbox
