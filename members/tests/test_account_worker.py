"""The deletion-confirmed email goes through the outbox and a real Celery worker."""

import time

import pytest
from django.core import mail as django_mail

from members.tests.factories import UserFactory, sign_in, staff_user
from members.tests.factories_account import deletion_request
from tests.waiting import wait_for_outbox

pytestmark = pytest.mark.celery_worker


def test_confirming_in_the_queue_emails_the_person_at_their_old_address(celery_worker, client):
    person = UserFactory(email="leaver@ash.example.org", full_name="Lee Leaver")
    request = deletion_request(person, reason="Moving to Devon")
    # The acknowledgement of the request itself.
    wait_for_outbox(1)
    assert [m.to for m in django_mail.outbox] == [["leaver@ash.example.org"]]
    sign_in(client, staff_user())

    response = client.post("/account/deletion-requests/", {"request": request.pk, "decision": "confirm"})

    assert response.status_code == 302
    wait_for_outbox(2)
    time.sleep(0.5)  # nothing else should arrive
    assert len(django_mail.outbox) == 2
    message = django_mail.outbox[1]
    assert message.to == ["leaver@ash.example.org"]
    assert message.subject == "[KALC] Your account has been deleted"
    assert "Dear Lee Leaver" in message.body
    assert "Former member" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and "Dear Lee Leaver" in html.content
    person.refresh_from_db()
    assert person.email == f"deleted-user-{person.pk}@invalid.invalid"
