from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "celery:heartbeat"


@shared_task
def record_worker_heartbeat_task() -> str:
    """Beat runs this every minute so /healthz can say when a worker last ran a job."""
    now = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, now, timeout=None)
    return now
