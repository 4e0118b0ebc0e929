"""The hourly review job through a real Celery worker (Redis broker): run twice, each
due item is reminded once, in one email per owner."""

import datetime
import time

import pytest
import redis
from django.conf import settings
from django.core import mail as django_mail
from django.utils import timezone

from knowledge_bank.models import ReviewReminder
from knowledge_bank.tasks.review import review_reminders_send_task
from knowledge_bank.tests.factories import ResourceFactory, office_author

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_sent(count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ReviewReminder.objects.filter(sent_at__isnull=False).count() >= count:
            return
        time.sleep(0.05)


def wait_for_empty_queue(timeout: float = 15.0) -> None:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + timeout
    try:
        while client.llen("celery") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        client.close()


def test_the_task_run_twice_reminds_each_due_item_once(celery_worker):
    today = timezone.localdate()
    sam = office_author(full_name="Sam Patel", email="sam@kalc.example.org")
    alex = office_author(full_name="Alex Moran", email="alex@kalc.example.org")
    ResourceFactory(title="Emergency plan template", owner=sam, review_due=today - datetime.timedelta(days=9))
    ResourceFactory(title="Flood guide", owner=sam, review_due=today)
    ResourceFactory(title="Grants guide", owner=alex, review_due=today - datetime.timedelta(days=1))
    ResourceFactory(title="Not due yet", owner=alex, review_due=today + datetime.timedelta(days=5))

    # Beat fires hourly; a redelivered or overlapping run is the same as these two.
    review_reminders_send_task.delay()
    review_reminders_send_task.delay()
    wait_until_sent(3)
    wait_for_empty_queue()
    time.sleep(1.0)  # give any duplicate time to arrive

    assert sorted(message.to[0] for message in django_mail.outbox) == [
        "alex@kalc.example.org",
        "sam@kalc.example.org",
    ]
    listed = [
        title
        for message in django_mail.outbox
        for title in ("Emergency plan template", "Flood guide", "Grants guide", "Not due yet")
        if title in message.body
    ]
    assert sorted(listed) == ["Emergency plan template", "Flood guide", "Grants guide"]
    assert ReviewReminder.objects.filter(sent_at__isnull=False).count() == 3

    # A third run later the same day still sends nothing.
    review_reminders_send_task.delay()
    wait_for_empty_queue()
    time.sleep(1.0)
    assert len(django_mail.outbox) == 2
