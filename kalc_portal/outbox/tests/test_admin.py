"""The outbox in the admin: office staff only, failures and their errors visible, a
retry action that goes through the service, and no bodies on show."""

import pytest

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_send
from kalc_portal.outbox.tests.factories import OutgoingMailFactory
from members.tests.conftest import ROLES, council_a, council_b, login_as, people  # noqa: F401

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status
LIST_URL = "/admin/outbox/outgoingmail/"
ADMIN_LIST_BUDGET = 12


def _failed(**kwargs):
    mail = OutgoingMailFactory(**kwargs)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=Status.FAILED, attempts=1, last_error="SMTPRecipientsRefused: 550 5.1.1 No such mailbox"
    )
    return mail


@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, login_as, role):  # noqa: F811
    mail = OutgoingMailFactory()
    login_as(role)
    for url in (LIST_URL, f"{LIST_URL}{mail.pk}/change/"):
        expected = 200 if role == "staff" else 302
        assert client.get(url).status_code == expected, f"{role} GET {url}"


def test_staff_see_failures_and_their_errors_by_status(client, login_as):  # noqa: F811
    login_as("staff")
    failed = _failed(to="gone@example.org")
    sent = OutgoingMailFactory(to="fine@example.org")
    mail_send(outgoing_mail_id=sent.pk)

    html = client.get(LIST_URL, {"status__exact": "failed"}).content.decode()

    assert failed.to in html and "550 5.1.1 No such mailbox" in html
    assert sent.to not in html
    html = client.get(f"{LIST_URL}{failed.pk}/change/").content.decode()
    assert "550 5.1.1 No such mailbox" in html


def test_bodies_are_not_shown_and_rows_are_neither_added_nor_deleted(client, login_as):  # noqa: F811
    login_as("staff")
    mail = OutgoingMailFactory(body_text="Reset link https://x/reset/key/secret")

    html = client.get(f"{LIST_URL}{mail.pk}/change/").content.decode()

    assert "https://x/reset/key/secret" not in html
    assert client.get(f"{LIST_URL}add/").status_code == 403
    assert client.get(f"{LIST_URL}{mail.pk}/delete/").status_code == 403
    assert client.post(f"{LIST_URL}{mail.pk}/change/", {"to": "else@example.org"}).status_code == 403
    before = mail.updated_at
    mail.refresh_from_db()
    assert mail.to != "else@example.org" and mail.updated_at == before


def test_retry_action_queues_failed_emails_again(client, login_as, django_capture_on_commit_callbacks):  # noqa: F811
    login_as("staff")
    failed = _failed()
    sent = OutgoingMailFactory()
    mail_send(outgoing_mail_id=sent.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            LIST_URL, {"action": "retry_selected", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 email(s) queued to be sent again." in html
    assert "1 selected email(s) had not failed" in html
    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED and failed.attempts == 0
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_admin_list_budget_at_30_and_300_rows(client, login_as, django_assert_max_num_queries):  # noqa: F811
    login_as("staff")
    for n in range(30):
        _failed() if n % 3 == 0 else OutgoingMailFactory()
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get(LIST_URL).status_code == 200
    for n in range(270):
        _failed() if n % 3 == 0 else OutgoingMailFactory()
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        assert client.get(LIST_URL).status_code == 200
