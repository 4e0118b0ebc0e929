"""Celery tasks for mediation: take ids, call one service."""

from celery import shared_task

from members.services.mediation import mediation_status_change_notify


# Safe to run twice: the service checks and sets the change's sent marker under a row lock.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def mediation_status_change_notify_task(change_id: int) -> bool:
    return mediation_status_change_notify(change_id=change_id)
