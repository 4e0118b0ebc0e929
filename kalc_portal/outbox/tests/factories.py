"""Outbox rows built through the real write (mail_queue_rendered), as production builds them."""

import factory

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.rendering import RenderedEmail
from kalc_portal.outbox.services import mail_queue_rendered


class OutgoingMailFactory(factory.django.DjangoModelFactory):
    """A queued email. By default no task is queued for it (enqueue=False): tests send
    it with mail_send, or pass enqueue=True to let a worker do it."""

    class Meta:
        model = OutgoingMail

    purpose = "outbox.test"
    object_key = factory.Sequence(lambda n: f"object-{n}")
    to = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = factory.Sequence(lambda n: f"Test message {n}")
    body_text = "Hello in plain text."
    body_html = "<p>Hello in HTML.</p>"

    @classmethod
    def _create(cls, model_class, *args, subject, body_text, body_html, enqueue=False, **kwargs):
        return mail_queue_rendered(
            rendered=RenderedEmail(subject=subject, text=body_text, html=body_html), enqueue=enqueue, **kwargs
        )
