"""The "My account" pages and the office's deletion queue, through the test client."""

import pytest
from django.contrib.auth import SESSION_KEY

from members.models import AccountDeletionRequest, Position
from members.services import account as account_services
from members.tests.factories import (
    PASSWORD,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    sign_in,
    staff_user,
)
from members.tests.factories_account import (
    FeedbackFactory,
    MediationCaseFactory,
    MediationStatusChangeFactory,
    bulk_deletion_requests,
    deletion_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def councillor(client):
    user = UserFactory(email="tom@example.org", full_name="Tom Fletcher")
    PositionFactory(user=user, council=CouncilFactory(name="Sandwich", kind="town"))
    sign_in(client, user)
    return user


@pytest.fixture
def office(client):
    user = staff_user(full_name="Olive Officer")
    sign_in(client, user)
    return user


# --- Profile -----------------------------------------------------------------------------


def test_profile_shows_details_positions_and_links(client, councillor):
    html = client.get("/account/").content.decode()
    assert html.count("<h1") == 1
    assert 'value="Tom Fletcher"' in html
    assert "tom@example.org" in html
    assert "Councillor</span>, Sandwich Town Council" in html
    for url in ["/accounts/email/", "/account/preferences/", "/account/export/", "/account/delete/"]:
        assert f'href="{url}"' in html


@pytest.mark.parametrize(
    "phone", ["01622 123456", "07700 900123", "+44 1622 123456", "+44 (0)7700 900123", ""]
)
def test_profile_saves_a_good_name_and_phone(client, councillor, phone):
    response = client.post("/account/", {"full_name": "  Thomas   Fletcher ", "phone": phone}, follow=True)

    assert "Profile saved." in response.content.decode()
    councillor.refresh_from_db()
    assert (councillor.full_name, councillor.phone) == ("Thomas Fletcher", phone)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"full_name": "Tom", "phone": "call me"}, "phone", "Enter a UK phone number"),
        ({"full_name": "Tom", "phone": "12345"}, "phone", "Enter a UK phone number"),
        ({"full_name": "Tom", "phone": "+1 212 555 0100"}, "phone", "Enter a UK phone number"),
        ({"full_name": "Tom", "phone": "01622 1234567890"}, "phone", "Enter a UK phone number"),
        ({"full_name": "   ", "phone": ""}, "full_name", "Enter your full name."),
        ({"phone": ""}, "full_name", "Enter your full name."),
        ({}, "full_name", "Enter your full name."),
        ({"full_name": "x" * 151, "phone": ""}, "full_name", "at most 150 characters"),
    ],
)
def test_bad_profile_input_is_explained_next_to_the_field_and_changes_nothing(
    client, councillor, data, field, message
):
    response = client.post("/account/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html  # the summary
    assert f'href="#id_{field}"' in html  # links to the field
    assert f'id="error_1_id_{field}"' in html  # crispy's message next to the field
    assert message in html
    councillor.refresh_from_db()
    assert (councillor.full_name, councillor.phone) == ("Tom Fletcher", "")


# --- Preferences ---------------------------------------------------------------------------


def test_preferences_are_saved(client, councillor):
    response = client.post(
        "/account/preferences/", {"newsletter_opt_in": "on", "forum_digest": "daily"}, follow=True
    )

    assert "Preferences saved" in response.content.decode()
    councillor.refresh_from_db()
    assert (councillor.newsletter_opt_in, councillor.forum_digest) == (True, "daily")

    client.post("/account/preferences/", {"forum_digest": "none"})
    councillor.refresh_from_db()
    assert (councillor.newsletter_opt_in, councillor.forum_digest) == (False, "none")


@pytest.mark.parametrize(
    "data", [{"newsletter_opt_in": "on", "forum_digest": "hourly"}, {"newsletter_opt_in": "on"}, {}]
)
def test_a_bad_digest_choice_is_explained_and_changes_nothing(client, councillor, data):
    response = client.post("/account/preferences/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Choose how often to get the forum digest." in html
    councillor.refresh_from_db()
    assert (councillor.newsletter_opt_in, councillor.forum_digest) == (False, "weekly")


# --- Export ------------------------------------------------------------------------------------


def test_export_page_offers_a_download_button(client, councillor):
    html = client.get("/account/export/").content.decode()
    assert 'method="post" action="/account/export/"' in html
    assert "Download my data (JSON)" in html


def test_export_downloads_the_persons_data_as_a_json_attachment(client, councillor):
    FeedbackFactory(author=councillor, subject="Precept question")

    response = client.post("/account/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kalc-personal-data-')
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["account"]["full_name"] == "Tom Fletcher"
    assert data["positions"][0]["council"] == "Sandwich Town Council"
    assert data["feedback"][0]["subject"] == "Precept question"


@pytest.mark.parametrize("count", [3, 30])
def test_export_download_has_a_query_budget(client, councillor, count, django_assert_max_num_queries):
    for _ in range(count):
        PositionFactory(user=councillor)
        FeedbackFactory(author=councillor)
        MediationStatusChangeFactory(case=MediationCaseFactory(requested_by=councillor))

    with django_assert_max_num_queries(10):
        response = client.post("/account/export/")
    assert len(response.json()["positions"]) == count + 1


@pytest.mark.parametrize("count", [3, 30])
def test_profile_page_has_a_query_budget(client, councillor, count, django_assert_max_num_queries):
    for _ in range(count):
        PositionFactory(user=councillor)
    with django_assert_max_num_queries(3):
        response = client.get("/account/")
    assert response.content.decode().count("since ") == count + 1


# --- Deletion request by the member ------------------------------------------------------------------


def test_requesting_deletion_needs_the_confirmation_box(client, councillor):
    response = client.post("/account/delete/", {"action": "request", "reason": "Leaving"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_confirm"' in html
    assert "Tick the box to confirm you want your account deleted." in html
    assert 'id="error_1_id_confirm"' in html
    assert "Leaving" in html  # what they typed is kept
    assert not AccountDeletionRequest.objects.exists()


def test_member_requests_deletion_then_sees_it_pending_and_cancels(client, councillor):
    response = client.post(
        "/account/delete/", {"action": "request", "reason": "Standing down", "confirm": "on"}, follow=True
    )
    html = response.content.decode()
    assert "Your request has been sent to the KALC office" in html
    assert "Your request is with the office" in html and "Standing down" in html
    request = councillor.deletion_requests.get()
    assert request.status == AccountDeletionRequest.Status.PENDING

    response = client.post("/account/delete/", {"action": "cancel"}, follow=True)
    assert "Your deletion request is cancelled" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.CANCELLED


def test_a_second_request_while_one_is_pending_says_so(client, councillor):
    deletion_request(councillor)

    response = client.post("/account/delete/", {"action": "request", "confirm": "on"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "You already asked for your account to be deleted on" in html
    assert councillor.deletion_requests.count() == 1


def test_cancelling_with_nothing_pending_changes_nothing(client, councillor):
    response = client.post("/account/delete/", {"action": "cancel"}, follow=True)
    assert "nothing to cancel" in response.content.decode()
    assert not AccountDeletionRequest.objects.exists()


# --- The office's queue ----------------------------------------------------------------------------------


def test_queue_lists_pending_requests_oldest_first_with_positions(client, office):
    first = UserFactory(full_name="Ann First")
    PositionFactory(user=first, council=CouncilFactory(name="Ash"), role=Position.Role.CLERK)
    second = UserFactory(full_name="Bob Second")
    deletion_request(first, reason="Retiring")
    deletion_request(second)
    cancelled = deletion_request(UserFactory(full_name="Cat Cancelled"))
    account_services.account_deletion_request_cancel(deletion_request=cancelled, cancelled_by=cancelled.user)

    html = client.get("/account/deletion-requests/").content.decode()

    assert html.index("Ann First") < html.index("Bob Second")
    assert "Cat Cancelled" not in html
    assert "Clerk, Ash Parish Council" in html and "Retiring" in html
    assert "2 requests waiting" in html


def test_staff_confirm_a_request_from_the_queue(client, office):
    person = UserFactory(full_name="Ann First")
    request = deletion_request(person)

    response = client.post(
        "/account/deletion-requests/", {"request": request.pk, "decision": "confirm"}, follow=True
    )

    assert "Ann First&#x27;s account has been anonymised" in response.content.decode()
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.full_name == "Former member"


def test_staff_cancel_a_request_with_a_reason(client, office):
    request = deletion_request(UserFactory(full_name="Ann First"))

    response = client.post(
        "/account/deletion-requests/",
        {"request": request.pk, "decision": "cancel", "reason": "Asked to keep it by phone."},
        follow=True,
    )

    assert "request is cancelled" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.CANCELLED and request.decided_by == office


def test_a_too_long_cancel_reason_is_explained_in_that_row(client, office):
    request = deletion_request(UserFactory(full_name="Ann First"))

    response = client.post(
        "/account/deletion-requests/", {"request": request.pk, "decision": "cancel", "reason": "x" * 2001}
    )

    html = response.content.decode()
    assert f'id="error_1_id_request_{request.pk}_reason"' in html
    assert "at most 2000 characters" in html and "Say why" not in html
    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.PENDING


def test_cancelling_without_a_reason_shows_the_error_in_that_row(client, office):
    request = deletion_request(UserFactory(full_name="Ann First"))
    other = deletion_request(UserFactory(full_name="Bob Second"))

    response = client.post(
        "/account/deletion-requests/", {"request": request.pk, "decision": "cancel", "reason": " "}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'href="#id_request_{request.pk}_reason"' in html
    assert f'id="error_1_id_request_{request.pk}_reason"' in html
    assert f'id="id_request_{other.pk}_reason"' in html  # the other row is still there, unbound
    assert "Say why the request is being cancelled" in html
    request.refresh_from_db()
    assert request.status == AccountDeletionRequest.Status.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"request": "999999", "decision": "confirm"},
        {"request": "not-a-number", "decision": "confirm"},
        {"request": "99999999999999999999999", "decision": "confirm"},
        {"request": "-1", "decision": "confirm"},
        {"decision": "confirm"},
        {"request": "REAL", "decision": "delete-everything"},
        {"request": "COMPLETED", "decision": "confirm"},
        {"request": "999999", "decision": "cancel", "reason": "x" * 2001},
        {"request": "999999", "decision": "cancel"},
    ],
)
def test_forged_or_stale_queue_posts_give_a_form_error_not_a_500(client, office, data):
    pending = deletion_request(UserFactory(full_name="Ann First"))
    completed = deletion_request(UserFactory())
    account_services.account_deletion_request_confirm(deletion_request=completed, decided_by=office)
    data = {**data}
    if data.get("request") == "REAL":
        data["request"] = pending.pk
    if data.get("request") == "COMPLETED":
        data["request"] = completed.pk

    response = client.post("/account/deletion-requests/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    pending.refresh_from_db()
    assert pending.status == AccountDeletionRequest.Status.PENDING
    assert pending.user.anonymised_at is None


@pytest.mark.parametrize("count", [30, 300])
def test_queue_has_a_query_budget(client, office, count, django_assert_max_num_queries):
    bulk_deletion_requests(count)

    with django_assert_max_num_queries(5):
        response = client.get("/account/deletion-requests/")

    html = response.content.decode()
    assert f"{count} requests waiting" in html
    assert html.count('<li class="card mb-3"') == min(count, 100)
    assert html.count("Councillor, Parish") == min(count, 100)


def test_queue_second_page_lists_the_rest(client, office):
    bulk_deletion_requests(130)
    html = client.get("/account/deletion-requests/?page=2").content.decode()
    assert html.count('<li class="card mb-3"') == 30
    assert "Page 2 of 2" in html


# --- Sessions after anonymisation -----------------------------------------------------------------------


def test_an_existing_session_stops_working_after_anonymisation(client, councillor):
    assert client.get("/account/").status_code == 200

    account_services.user_anonymise(user=councillor)

    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/account/"
    assert not response.wsgi_request.user.is_authenticated


def test_the_person_cannot_sign_in_after_anonymisation(client):
    person = UserFactory(email="leaver@example.org")
    assert client.login(email="leaver@example.org", password=PASSWORD)
    client.logout()
    account_services.user_anonymise(user=person)

    response = client.post("/accounts/login/", {"login": "leaver@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert SESSION_KEY not in client.session
