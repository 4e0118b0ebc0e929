"""The one place that renders and sends email.

Every message is three templates (subject, plain text, HTML). It is rendered
where its context lives (a request or a service), queued to Celery only after
the surrounding transaction commits, and sent by the worker. A redelivered task
(late acknowledgement after a worker died) finds the sent marker and does not
send the same message twice.
"""

import uuid
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    to: list[str]
    subject: str
    text: str
    html: str
    from_email: str = ""
    message_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def as_payload(self) -> dict:
        return asdict(self)


def _with_site(context: dict) -> dict:
    return {
        "ASSOCIATION_NAME": settings.ASSOCIATION_NAME,
        "ASSOCIATION_SHORT_NAME": settings.ASSOCIATION_SHORT_NAME,
        "SITE_URL": settings.SITE_URL,
        **context,
    }


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()).strip()


def render_email(template_prefix: str, context: dict, *, to: list[str]) -> RenderedEmail:
    """Render emails/<app>/<name>.{subject.txt,txt,html} for the given recipients."""
    base = f"emails/{template_prefix}"
    context = _with_site(context)
    subject = _one_line(render_to_string(f"{base}.subject.txt", context))
    context["subject"] = subject  # the HTML layout's <title>
    return RenderedEmail(
        to=list(to),
        subject=subject,
        text=render_to_string(f"{base}.txt", context).strip(),
        html=render_to_string(f"{base}.html", context).strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def render_allauth_email(template_prefix: str, context: dict, *, to: list[str]) -> RenderedEmail:
    """Render an allauth message by allauth's template names (overridden in templates/).

    allauth ships some messages as text only; those get our HTML layout around the text.
    """
    context = _with_site(context)
    subject = _one_line(render_to_string(f"{template_prefix}_subject.txt", context))
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    try:
        html = render_to_string(f"{template_prefix}_message.html", {**context, "subject": subject}).strip()
    except TemplateDoesNotExist:
        html = render_to_string(
            "emails/text_as_html.html", {**context, "subject": subject, "text": text}
        ).strip()
    return RenderedEmail(
        to=list(to),
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        text=text,
        html=html,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def queue_email(email: RenderedEmail) -> None:
    """Hand the message to a worker once the current transaction (if any) commits."""
    from kalc_portal.tasks import send_email_task

    send_email_task.delay_on_commit(email.as_payload())


def _sent_marker_key(message_id: str) -> str:
    return f"mail:sent:{message_id}"


def send_rendered_email(payload: dict) -> bool:
    """Send a queued message; return False when it had already been sent."""
    email = RenderedEmail(**payload)
    marker = _sent_marker_key(email.message_id)
    if not cache.add(marker, "sent", timeout=settings.EMAIL_SENT_MARKER_SECONDS):
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers={"X-KALC-Message-Id": email.message_id},
    )
    message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception:
        # Let a retry send it, rather than leave a marker for a message never sent.
        cache.delete(marker)
        raise
    return True
