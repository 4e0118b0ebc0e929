"""Celery task for event reminders: takes nothing, calls one service."""

from celery import shared_task

from training.notifications import event_reminders_queue


# Beat runs this hourly (settings.CELERY_BEAT_SCHEDULE). Safe to run twice or to be cut
# short: each place's reminder is one outbox row with a unique key, and the next run
# queues whatever the last one did not reach.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def event_reminders_queue_task() -> int:
    return event_reminders_queue()
