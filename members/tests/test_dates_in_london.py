"""Times are stored in UTC and shown in Europe/London: an invitation made at 23:30 UTC in
summer (00:30 BST the next day) says the London date, in the message and in the email."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages

from members.models import Invitation
from members.tests.factories import sign_in, staff_user
from members.tests.factories_access import emails_to, submit_access_request

pytestmark = pytest.mark.django_db

# 23:30 UTC on 10 July 2026 is 00:30 on 11 July in London; the link works for seven days.
LATE_SUMMER_EVENING = datetime.datetime(2026, 7, 10, 23, 30, tzinfo=datetime.UTC)
LONDON_EXPIRY = "18 July 2026"
UTC_EXPIRY = "17 July 2026"


def flashed(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@time_machine.travel(LATE_SUMMER_EVENING, tick=False)
def test_the_clerks_invitation_message_and_email_give_the_london_date(
    client, people, login_as, django_capture_on_commit_callbacks
):
    login_as("clerk_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/councils/ash/invite/",
            {"full_name": "Robin", "email": "robin@example.org", "role": "councillor"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().expires_at.date() == datetime.date(2026, 7, 17)  # stored in UTC
    message = flashed(response)
    assert f"The link works until {LONDON_EXPIRY}." in message, message
    assert UTC_EXPIRY not in message
    [email] = emails_to("robin@example.org")
    assert f"until {LONDON_EXPIRY}" in email["text"] and f"until {LONDON_EXPIRY}" in email["html"]


@time_machine.travel(LATE_SUMMER_EVENING, tick=False)
def test_the_offices_approval_message_gives_the_london_date(client, council_a):
    access_request = submit_access_request(council=council_a, email="sam@example.org")
    sign_in(client, staff_user())
    response = client.post(f"/access/requests/{access_request.pk}/", {"action": "approve"})
    assert response.status_code == 302
    message = flashed(response)
    assert f"the link works until {LONDON_EXPIRY}." in message, message
    assert UTC_EXPIRY not in message


@time_machine.travel(LATE_SUMMER_EVENING, tick=False)
def test_the_invite_page_lists_the_waiting_invitation_with_london_dates(client, people, login_as):
    login_as("clerk_a")
    client.post(
        "/councils/ash/invite/", {"full_name": "Robin", "email": "robin@example.org", "role": "councillor"}
    )
    html = client.get("/councils/ash/invite/").content.decode()
    assert f"Invited 11 July 2026 by {people['clerk_a'].full_name}" in html.replace("&#x27;", "'")
    assert f"the link works until {LONDON_EXPIRY}" in html
