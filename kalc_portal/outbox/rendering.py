"""Rendering an email from its three templates (subject, plain text, HTML).

A message is rendered where its context lives (a request or a service) and the
result is stored on the OutgoingMail row, so the worker needs nothing but the id."""

from dataclasses import dataclass

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _with_site(context: dict) -> dict:
    return {
        "ASSOCIATION_NAME": settings.ASSOCIATION_NAME,
        "ASSOCIATION_SHORT_NAME": settings.ASSOCIATION_SHORT_NAME,
        "SITE_URL": settings.SITE_URL,
        **context,
    }


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()).strip()


def render_email(template: str, context: dict) -> RenderedEmail:
    """Render emails/<template>.{subject.txt,txt,html}, e.g. template="members/invitation_link"."""
    base = f"emails/{template}"
    context = _with_site(context)
    subject = _one_line(render_to_string(f"{base}.subject.txt", context))
    context["subject"] = subject  # the HTML layout's <title>
    return RenderedEmail(
        subject=subject,
        text=render_to_string(f"{base}.txt", context).strip(),
        html=render_to_string(f"{base}.html", context).strip(),
    )


def render_allauth_email(template_prefix: str, context: dict) -> RenderedEmail:
    """Render an allauth message by allauth's template names (overridden in templates/).

    allauth ships some messages as text only; those get our HTML layout around the text."""
    context = _with_site(context)
    subject = _one_line(render_to_string(f"{template_prefix}_subject.txt", context))
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    try:
        html = render_to_string(f"{template_prefix}_message.html", {**context, "subject": subject}).strip()
    except TemplateDoesNotExist:
        html = render_to_string(
            "emails/text_as_html.html", {**context, "subject": subject, "text": text}
        ).strip()
    return RenderedEmail(subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", text=text, html=html)
