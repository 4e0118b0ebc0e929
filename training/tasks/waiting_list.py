"""Celery tasks for the waiting list: take ids, call one service."""

from celery import shared_task

from training.services.bookings import waiting_list_offers_expire


# Beat runs this every five minutes (settings.CELERY_BEAT_SCHEDULE). Safe to run twice:
# an offer is marked expired once, under the event's row lock.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def waiting_list_offers_expire_task() -> int:
    return waiting_list_offers_expire()
