from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from kalc_portal import mail

WORKER_HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email_task(payload: dict) -> bool:
    return mail.send_rendered_email(payload)


@shared_task
def record_worker_heartbeat_task() -> str:
    """Beat runs this every minute so /healthz can say when a worker last ran a job."""
    now = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, now, timeout=None)
    return now
