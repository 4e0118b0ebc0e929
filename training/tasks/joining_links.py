"""Celery task for online sessions' joining links: takes nothing, calls one service."""

from celery import shared_task

from training.notifications import joining_links_queue


# Beat runs this every five minutes (settings.CELERY_BEAT_SCHEDULE). Safe to run twice or
# to be cut short: each place's link for each session is one outbox row with a unique
# key, and the next run queues whatever the last one did not reach.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def joining_links_queue_task() -> int:
    return joining_links_queue()
