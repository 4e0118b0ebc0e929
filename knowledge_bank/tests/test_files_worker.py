"""The versioning journey from the issue, end to end through the pages and a real
Celery worker on Redis: upload v1, a clerk downloads it, upload v2; the stable URL
serves v2, v1 stays in the history, and the clerk is emailed once."""

import time

import pytest
from django.core import mail as django_mail
from django.test import Client

from knowledge_bank.demo_files import sample_upload
from knowledge_bank.models import FileVersion, Resource, SupersededNotice
from knowledge_bank.services.files import superseded_notices_send
from knowledge_bank.tasks.files import superseded_notices_send_task
from knowledge_bank.tests.factories import ResourceFactory
from knowledge_bank.tests.files_support import private_files, version_bytes  # noqa: F401
from knowledge_bank.tests.test_files_views import render_panel
from members.tests.factories import sign_in
from tests.waiting import wait_for_outbox

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_sent(version: FileVersion, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if SupersededNotice.objects.filter(version=version, sent_at__isnull=False).count() >= count:
            return
        time.sleep(0.05)


def signed_in(person) -> Client:
    client = Client()
    sign_in(client, person)
    return client


def test_new_version_journey_serves_v2_keeps_v1_and_emails_the_v1_downloader_once(celery_worker, people):
    resource = ResourceFactory(
        title="Model declaration of acceptance of office",
        kind=Resource.Kind.TEMPLATE,
        audience=Resource.Audience.MEMBERS,
    )
    staff, clerk = signed_in(people["staff"]), signed_in(people["clerk_a"])
    upload_url = f"/knowledge/{resource.slug}/upload/"
    download_url = f"/knowledge/{resource.slug}/download/"

    # Version 1, and a clerk downloads it.
    v1_file = sample_upload("docx", title=resource.title, text="Declaration: 2025 wording.")
    assert staff.post(upload_url, {"file": v1_file}).status_code == 302
    v1 = resource.versions.get()
    assert b"".join(clerk.get(download_url).streaming_content) == version_bytes(v1)
    # A councillor's browser only checks the link (HEAD): not a download, so nothing to tell them.
    assert signed_in(people["councillor_a"]).head(download_url).status_code == 200

    # Version 2.
    v2_file = sample_upload("docx", title=resource.title, text="Declaration: 2026 wording.")
    posted = staff.post(upload_url, {"file": v2_file, "change_note": "Uses the 2026 statutory wording."})
    assert posted.status_code == 302
    v2 = resource.versions.get(number=2)

    # The stable URL serves version 2; version 1 stays in the history.
    # Checked as the deputy clerk: had the clerk fetched version 2 before the worker ran,
    # they would rightly not be told about a version they already have.
    served = b"".join(signed_in(people["deputy_clerk_a"]).get(download_url).streaming_content)
    assert served == version_bytes(v2) != version_bytes(v1)
    assert list(resource.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert b"".join(staff.get(f"/knowledge/{resource.slug}/versions/1/download/").streaming_content) == (
        version_bytes(v1)
    )
    panel = render_panel(resource, people["clerk_a"])
    assert "Uses the 2026 statutory wording." in panel and panel.count('class="version-row"') == 2

    # The worker emails the version 1 downloader, once.
    wait_until_sent(v2, 1)
    wait_for_outbox(1)
    superseded_notices_send_task.delay(v2.pk)  # a redelivery, as after a worker restart
    time.sleep(1.5)  # give any duplicate time to arrive
    assert superseded_notices_send(version_id=v2.pk) == 0
    assert superseded_notices_send(version_id=v2.pk) == 0

    [message] = django_mail.outbox
    assert message.to == [people["clerk_a"].email]
    assert message.subject == "[KALC] Updated: Model declaration of acceptance of office (version 2)"
    assert "from version 1 to version 2" in message.body
    assert "Uses the 2026 statutory wording." in message.body
    assert f"http://testserver/knowledge/{resource.slug}/" in message.body
    notice = SupersededNotice.objects.get()
    assert (notice.user, notice.version, notice.sent_at is not None) == (people["clerk_a"], v2, True)
