"""Every write to the outbox: queue, send, retry, re-queue the stuck, clear old bodies.

How a row is sent (mail_send) is the heart of it:

1. claim: lock the row (skip_locked: another worker has it), check it is queued,
   mark it sending, count the attempt, commit. A message that kills its worker
   every time still uses up its attempts.
2. send: lock the row again and keep the lock while the SMTP server takes the
   message, then mark it sent in the same transaction. The lock is what says
   "a live worker is sending this": a worker killed mid-send drops its
   connection, PostgreSQL drops the lock, and the row stays `sending`, unlocked.
3. the beat job (mail_requeue_stuck) takes back rows left queued or sending too
   long that no live worker holds (skip_locked again) and queues their ids anew.

The one window this cannot close is between the SMTP server accepting a message
and our commit: a worker killed there leaves a row that was delivered but not
marked, and the re-queue sends it again (at least once, with the same Message-ID).
"""

import base64
import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers, make_msgid
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.rendering import RenderedEmail, render_email

logger = logging.getLogger(__name__)

Status = OutgoingMail.Status
ERROR_TEXT_LIMIT = 2000
# Rows the re-queue job takes back per run; the rest wait for the next run.
REQUEUE_BATCH = 1000


@dataclass(frozen=True)
class SendOutcome:
    """What one send attempt did: status is sent, retry, failed or skipped (another
    worker has the row, or it was not waiting to be sent); retry_in is the backoff."""

    outgoing_mail_id: int
    status: str
    retry_in: int | None = None


def _enqueue(outgoing_mail_id: int) -> None:
    from kalc_portal.outbox.tasks import outbox_send_task

    transaction.on_commit(lambda: outbox_send_task.delay(outgoing_mail_id))


def _message_id() -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return make_msgid(domain=domain)


def _stored_attachments(attachments: Iterable[tuple[str, bytes, str]]) -> list[dict]:
    stored = []
    for filename, content, mimetype in attachments:
        if isinstance(content, str):
            content = content.encode()
        stored.append(
            {"filename": filename, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
        )
    return stored


def mail_queue_rendered(
    *,
    purpose: str,
    object_key: str,
    to: str,
    rendered: RenderedEmail,
    user=None,
    headers: dict | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    clear_body_on_send: bool = False,
    enqueue: bool = True,
) -> OutgoingMail:
    """Store an already rendered email as a row and queue its id once the transaction
    commits. The same purpose, object and recipient again returns the existing row and
    sends nothing more. enqueue=False leaves the sending to the caller (a mailing sends
    its rows in batches over one connection with outbox_send_batch_task)."""
    to = to.strip()
    key = OutgoingMail.idempotency_key_for(purpose=purpose, object_key=object_key, to=to)
    try:
        # The unique key decides, also between two transactions queuing the same email at once.
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                idempotency_key=key,
                purpose=purpose,
                object_key=object_key,
                to=to,
                user=user,
                from_email=settings.DEFAULT_FROM_EMAIL,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                headers=dict(headers or {}),
                attachments=_stored_attachments(attachments),
                message_id=_message_id(),
                clear_body_on_send=clear_body_on_send,
            )
    except IntegrityError:
        return OutgoingMail.objects.get(idempotency_key=key)
    if enqueue:
        _enqueue(mail.pk)
    return mail


def mail_queue(
    *,
    purpose: str,
    object_key: str,
    to: str,
    template: str,
    context: dict,
    user=None,
    headers: dict | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    enqueue: bool = True,
    clear_body_on_send: bool = False,
) -> OutgoingMail:
    """Render emails/<template>.{subject.txt,txt,html} now, store the email as a row
    keyed by purpose + object_key + recipient, and queue its id after commit. Queuing
    the same one again returns the existing row and sends nothing more.
    clear_body_on_send=True for a message carrying a secret (a sign-in or invitation
    link): its body is emptied once it is sent instead of kept for the retention period."""
    key = OutgoingMail.idempotency_key_for(purpose=purpose, object_key=object_key, to=to)
    existing = OutgoingMail.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    return mail_queue_rendered(
        purpose=purpose,
        object_key=object_key,
        to=to,
        rendered=render_email(template, context),
        user=user,
        headers=headers,
        attachments=attachments,
        enqueue=enqueue,
        clear_body_on_send=clear_body_on_send,
    )


def _email_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={**mail.headers, "Message-ID": mail.message_id},
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


def _is_permanent(error: Exception) -> bool:
    """5xx answers (other than a login failure, which is ours to fix) will not change
    on a retry; 4xx answers, timeouts and dropped connections may."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    # OSError includes SMTPServerDisconnected and timeouts: worth another try. Anything
    # else (a header Django refuses, say) fails the same way every time.
    return not isinstance(error, OSError)


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]


def retry_delay_seconds(attempts: int) -> int:
    """Exponential backoff: base, 2 x base, 4 x base, ... capped at OUTBOX_RETRY_MAX_SECONDS."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS))


def _claim(outgoing_mail_id: int) -> int | None:
    """Mark a queued row sending and count the attempt (committed); its attempt number, or None."""
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=outgoing_mail_id, status=Status.QUEUED)
            .first()
        )
        if mail is None:
            return None
        mail.status = Status.SENDING
        mail.attempts += 1
        mail.due_at = timezone.now()
        mail.save(update_fields=["status", "attempts", "due_at", "updated_at"])
        return mail.attempts


def mail_send(*, outgoing_mail_id: int, connection=None) -> SendOutcome:
    """Send one outbox row, holding its row lock while the SMTP server takes it, and
    record the outcome: sent; queued again with a backoff (temporary failure); or
    failed with its error (permanent failure, or out of attempts). A row another
    worker holds, or one not waiting to be sent, is skipped.

    Not atomic as a whole on purpose: the attempt is committed before the send."""
    attempt = _claim(outgoing_mail_id)
    if attempt is None:
        return SendOutcome(outgoing_mail_id, "skipped")
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=outgoing_mail_id, status=Status.SENDING, attempts=attempt)
            .first()
        )
        if mail is None:
            return SendOutcome(outgoing_mail_id, "skipped")
        try:
            if connection is None:
                with mailers.default as own_connection:
                    own_connection.send_messages([_email_message(mail)])
            else:
                connection.send_messages([_email_message(mail)])
        except Exception as error:
            return _record_failure(mail, error)
        now = timezone.now()
        mail.status = Status.SENT
        mail.sent_at = now
        mail.last_error = ""
        fields = ["status", "sent_at", "last_error", "updated_at"]
        if mail.clear_body_on_send:
            mail.body_text = mail.body_html = ""
            mail.attachments = []
            mail.body_cleared_at = now
            fields += ["body_text", "body_html", "attachments", "body_cleared_at"]
        mail.save(update_fields=fields)
        return SendOutcome(outgoing_mail_id, "sent")


def _record_failure(mail: OutgoingMail, error: Exception) -> SendOutcome:
    mail.last_error = _error_text(error)
    if _is_permanent(error) or mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        mail.status = Status.FAILED
        mail.save(update_fields=["status", "last_error", "updated_at"])
        logger.warning("outbox: email %s failed for good: %s", mail.pk, mail.last_error)
        return SendOutcome(mail.pk, "failed")
    delay = retry_delay_seconds(mail.attempts)
    mail.status = Status.QUEUED
    mail.due_at = timezone.now() + timedelta(seconds=delay)
    mail.save(update_fields=["status", "last_error", "due_at", "updated_at"])
    logger.info("outbox: email %s will be tried again in %ss: %s", mail.pk, delay, mail.last_error)
    return SendOutcome(mail.pk, "retry", retry_in=delay)


def mail_send_batch(*, outgoing_mail_ids: Sequence[int]) -> list[SendOutcome]:
    """Send several rows over one SMTP connection (a mailing), each under its own lock
    and with its own outcome. A dropped connection is reopened for the next row."""
    outcomes = []
    with mailers.default as connection:
        for outgoing_mail_id in outgoing_mail_ids:
            outcome = mail_send(outgoing_mail_id=outgoing_mail_id, connection=connection)
            if outcome.status in ("retry", "failed"):
                # The server may have dropped us; the backend opens a fresh connection next time.
                connection.close()
            outcomes.append(outcome)
    return outcomes


@transaction.atomic
def mail_retry(*, outgoing_mail_ids: Iterable[int]) -> int:
    """Staff's retry of failed emails: queue them again with fresh attempts. Returns how many."""
    mails = list(
        OutgoingMail.objects.select_for_update(skip_locked=True).filter(
            pk__in=list(outgoing_mail_ids), status=Status.FAILED
        )
    )
    now = timezone.now()
    for mail in mails:
        mail.status = Status.QUEUED
        mail.attempts = 0
        mail.due_at = now
        mail.save(update_fields=["status", "attempts", "due_at", "updated_at"])
        _enqueue(mail.pk)
    return len(mails)


@transaction.atomic
def mail_requeue_stuck(*, now: datetime | None = None) -> int:
    """The beat job: queue again every row left queued or sending longer than
    OUTBOX_STUCK_AFTER_SECONDS past its due time that no live worker holds (its broker
    message was lost, or its worker was killed). A row whose worker died on every
    attempt is marked failed instead. Returns how many were queued again."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    stuck = list(
        OutgoingMail.objects.select_for_update(skip_locked=True)
        .filter(status__in=[Status.QUEUED, Status.SENDING], due_at__lt=cutoff)
        .order_by("due_at")[:REQUEUE_BATCH]
    )
    requeued = 0
    for mail in stuck:
        if mail.status == Status.SENDING and mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            mail.status = Status.FAILED
            mail.last_error = (
                f"The worker sending it stopped before it finished, {mail.attempts} times "
                f"(last error: {mail.last_error or 'none'})."
            )[:ERROR_TEXT_LIMIT]
            mail.save(update_fields=["status", "last_error", "updated_at"])
            continue
        mail.status = Status.QUEUED
        mail.due_at = now
        mail.save(update_fields=["status", "due_at", "updated_at"])
        _enqueue(mail.pk)
        requeued += 1
    if stuck:
        logger.info("outbox: queued %s stuck email(s) again", requeued)
    return requeued


@transaction.atomic
def mail_bodies_clear(*, now: datetime | None = None) -> int:
    """The nightly job: empty the bodies, headers and attachments of emails sent more
    than OUTBOX_BODY_RETENTION_DAYS ago; the row stays as the delivery record."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OUTBOX_BODY_RETENTION_DAYS)
    return OutgoingMail.objects.filter(
        status=Status.SENT, sent_at__lt=cutoff, body_cleared_at__isnull=True
    ).update(body_text="", body_html="", headers={}, attachments=[], body_cleared_at=now, updated_at=now)


@transaction.atomic
def mail_recipient_forget(*, addresses: Iterable[str], user_id: int | None, placeholder: str) -> int:
    """Erase a person from the outbox (account anonymisation): every row to one of their
    addresses, or for their account, keeps only its purpose, object, status and times;
    the address becomes the placeholder, and emails not yet sent are never sent. Returns
    how many rows were scrubbed."""
    lowered = {address.strip().lower() for address in addresses}
    rows = OutgoingMail.objects.alias(to_lower=Lower("to")).filter(
        Q(to_lower__in=lowered) | Q(user_id=user_id)
    )
    # A row a worker is sending right now is waited for (its lock), then re-checked here.
    rows.filter(status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.FAILED, last_error="Not sent: the recipient's account was anonymised."
    )
    now = timezone.now()
    return rows.update(
        to=placeholder,
        idempotency_key=Concat(
            F("purpose"), Value(":"), F("object_key"), Value(f":{placeholder}:"), Cast("pk", CharField())
        ),
        subject="",
        body_text="",
        body_html="",
        headers={},
        attachments=[],
        body_cleared_at=now,
        updated_at=now,
    )
