from django.conf import settings
from django.db import models
from django.utils import timezone


class OutgoingMail(models.Model):
    """One email to one recipient, and the record of its delivery.

    The row is written in the same transaction as whatever the email is about; a
    task that carries only its id sends it. The idempotency key (purpose, object,
    recipient) is unique, so the same notice can never be queued twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    purpose = models.CharField(
        max_length=100, help_text="What kind of email this is, e.g. members.invitation."
    )
    object_key = models.CharField(max_length=255, help_text="What it is about, e.g. the invitation's id.")
    to = models.CharField("recipient", max_length=320)
    idempotency_key = models.CharField(max_length=700, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account the email is for, when it is for one.",
    )

    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=998)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [{"filename": ..., "content": base64 text, "mimetype": ...}]
    attachments = models.JSONField(default=list, blank=True)
    # Fixed when queued, so a message resent after a lost commit carries the same
    # Message-ID and the recipient's mail program can tell it is the same message.
    message_id = models.CharField(max_length=255, editable=False)
    # One-time links and codes (allauth's emails) are not kept once delivered.
    clear_body_on_send = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When a worker should next try it (now, or after a retry's backoff); a queued or
    # sending row left well past this is re-queued by the beat job.
    due_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    body_cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing emails"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_status_due"),
            models.Index(
                fields=["sent_at"],
                name="outbox_sent_body_kept",
                condition=models.Q(status="sent", body_cleared_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent") | models.Q(sent_at__isnull=True),
                name="outbox_sent_at_only_when_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.to} ({self.get_status_display()})"

    @staticmethod
    def idempotency_key_for(*, purpose: str, object_key: str, to: str) -> str:
        return f"{purpose}:{object_key}:{to.strip().lower()}"
