"""Celery tasks for file versions: take ids, call one service."""

from celery import shared_task

from knowledge_bank.services.files import superseded_notices_send


# Safe to run twice: each notice row is locked and its sent marker checked before sending.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def superseded_notices_send_task(version_id: int) -> int:
    return superseded_notices_send(version_id=version_id)
