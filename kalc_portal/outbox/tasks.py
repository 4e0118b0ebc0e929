"""Celery tasks of the outbox: they carry row ids only, never an address or a body."""

from celery import shared_task

from kalc_portal.outbox.services import mail_bodies_clear, mail_requeue_stuck, mail_send, mail_send_batch


# Safe to run twice: the row is locked and its status checked before anything is sent.
# Retries are the service's call (attempts and backoff are on the row), hence max_retries=None.
@shared_task(bind=True, acks_late=True, max_retries=None)
def outbox_send_task(self, outgoing_mail_id: int) -> str:
    outcome = mail_send(outgoing_mail_id=outgoing_mail_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True)
def outbox_send_batch_task(outgoing_mail_ids: list[int]) -> int:
    """Several rows over one SMTP connection (a mailing); each row retries on its own."""
    outcomes = mail_send_batch(outgoing_mail_ids=outgoing_mail_ids)
    for outcome in outcomes:
        if outcome.retry_in is not None:
            outbox_send_task.apply_async((outcome.outgoing_mail_id,), countdown=outcome.retry_in)
    return sum(outcome.status == "sent" for outcome in outcomes)


# Beat runs this every minute (settings.CELERY_BEAT_SCHEDULE).
@shared_task
def outbox_requeue_stuck_task() -> int:
    return mail_requeue_stuck()


# Beat runs this nightly.
@shared_task
def outbox_bodies_clear_task() -> int:
    return mail_bodies_clear()
