"""Writes for feedback and questions sent to the office."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kalc_portal.outbox.services import mail_queue
from members import permissions
from members.models import AreaCommittee, Feedback, User


@transaction.atomic
def feedback_create(
    *,
    author: User,
    subject: str,
    message: str,
    area_committee: AreaCommittee | None = None,
    submission_key: uuid.UUID | None = None,
) -> Feedback:
    """Record a member's feedback or question for the office queue. The same form sent
    again (the same `submission_key`, even by parallel requests) returns the item it made."""
    if not permissions.can_send_feedback(author):
        raise PermissionDenied("Sign in to send feedback.")
    errors = {}
    if not subject.strip():
        errors["subject"] = "Enter a subject."
    if not message.strip():
        errors["message"] = "Enter your feedback or question."
    if errors:
        raise ValidationError(errors)
    fields = {"subject": subject.strip(), "message": message.strip(), "area_committee": area_committee}
    if submission_key is None:
        return Feedback.objects.create(author=author, **fields)
    # The unique (author, submission_key) index makes parallel inserts wait for the first
    # to commit; the others then fail here and read the item it made.
    try:
        with transaction.atomic():
            return Feedback.objects.create(author=author, submission_key=submission_key, **fields)
    except IntegrityError:
        return Feedback.objects.get(author=author, submission_key=submission_key)


@transaction.atomic
def feedback_answer(*, feedback: Feedback, answer: str, answered_by: User) -> Feedback:
    """Answer an open item: it is marked answered and the author is emailed the answer
    once the transaction commits."""
    if not permissions.can_answer_feedback(answered_by):
        raise PermissionDenied("Only the office answers feedback.")
    if not answer.strip():
        raise ValidationError({"answer": "Write the answer to send."})
    feedback = Feedback.objects.select_for_update(of=("self",)).select_related("author").get(pk=feedback.pk)
    if feedback.status != Feedback.Status.OPEN:
        raise ValidationError(f"This item is already {feedback.get_status_display().lower()}.")
    feedback.answer = answer.strip()
    feedback.answered_by = answered_by
    feedback.answered_at = timezone.now()
    feedback.status = Feedback.Status.ANSWERED
    feedback.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    feedback_url = settings.SITE_URL.rstrip("/") + reverse("members:feedback_detail", args=[feedback.pk])
    mail_queue(
        purpose="members.feedback_answered",
        object_key=str(feedback.pk),  # an item is answered once
        to=feedback.author.email,
        template="members/feedback_answered",
        context={"feedback": feedback, "author": feedback.author, "feedback_url": feedback_url},
        user=feedback.author,
    )
    return feedback


@transaction.atomic
def feedback_close(*, feedback: Feedback, closed_by: User) -> Feedback:
    """Close an item without (or after) an answer; nothing is sent."""
    if not permissions.can_answer_feedback(closed_by):
        raise PermissionDenied("Only the office closes feedback.")
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status == Feedback.Status.CLOSED:
        raise ValidationError("This item is already closed.")
    feedback.status = Feedback.Status.CLOSED
    feedback.save(update_fields=["status"])
    return feedback
