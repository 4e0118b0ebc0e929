"""Waiting for a real Celery worker (running in a thread of the test process) to
finish, without fixed sleeps: poll, and fail loudly when it does not happen in time.
The timeout is generous because CI's two cores may be busy with the rest of the suite."""

import time
from collections.abc import Callable

from django.core import mail as django_mail

WORKER_TIMEOUT_SECONDS = 60.0


def wait_for(condition: Callable[[], bool], *, what: str, timeout: float = WORKER_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:.0f}s for {what}"
        time.sleep(0.05)


def wait_for_outbox(count: int, timeout: float = WORKER_TIMEOUT_SECONDS) -> None:
    """Until at least `count` emails have been sent."""
    wait_for(lambda: len(django_mail.outbox) >= count, what=f"{count} email(s) to be sent", timeout=timeout)
