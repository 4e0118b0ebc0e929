"""Celery tasks for review dates: take ids, call one service."""

from celery import shared_task

from knowledge_bank.services.review import review_reminders_send


# Beat runs this hourly (settings.CELERY_BEAT_SCHEDULE). Safe to run any number of times:
# each (resource, review date) has one reminder row, marked sent under a row lock.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def review_reminders_send_task() -> int:
    return review_reminders_send()
