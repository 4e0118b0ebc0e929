"""The approval email leaves through the outbox and a real Celery worker."""

import time

import pytest
from django.core import mail as django_mail

from members.models import AccessRequest
from members.tests.factories import CouncilFactory, sign_in, staff_user
from members.tests.factories_access import INVITATION_LINK

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_message(to: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in django_mail.outbox:
            if message.to == [to]:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no email to {to} within {timeout}s; outbox: {[m.to for m in django_mail.outbox]}")


def test_an_approved_request_reaches_the_person_with_a_working_link(celery_worker, client, settings):
    council = CouncilFactory(name="Ash")
    response = client.post(
        "/access/request/",
        {"full_name": "Sam Taylor", "email": "sam@example.org", "council": council.pk, "role": "councillor"},
    )
    assert response.status_code == 302
    office_message = wait_for_message(settings.OFFICE_EMAIL)
    assert office_message.subject == "New access request: Sam Taylor for Ash Parish Council"

    sign_in(client, staff_user())
    request = AccessRequest.objects.get()
    assert client.post(f"/access/requests/{request.pk}/", {"action": "approve"}).status_code == 302

    message = wait_for_message("sam@example.org")
    assert message.subject == "Your access to the KALC members' portal has been approved"
    assert "Ash Parish Council" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and "/invitations/" in html.content
    link = INVITATION_LINK.search(message.body).group(0)
    client.logout()
    assert "Set up your account" in client.get(link).content.decode()
