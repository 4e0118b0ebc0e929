"""Celery task for feedback requests after an event: takes nothing, calls one service."""

from celery import shared_task

from training.notifications import feedback_requests_queue


# Beat runs this hourly (settings.CELERY_BEAT_SCHEDULE). Safe to run twice or to be cut
# short: each place's request is one outbox row with a unique key.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_requests_queue_task() -> int:
    return feedback_requests_queue()
