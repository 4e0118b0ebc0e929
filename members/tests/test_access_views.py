"""Access request, office queue and invitation pages: bad input, limits, budgets."""

import re

import pytest
from django.utils import timezone

from members.models import AccessRequest, Invitation, Position, User
from members.services import access as services
from members.tests.factories import (
    PASSWORD,
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    as_request_user,
    sign_in,
    staff_user,
)
from members.tests.factories_access import (
    bulk_access_requests,
    issue_invitation,
    let_invitation_expire,
    queued_emails,
    submit_access_request,
)

pytestmark = pytest.mark.django_db

QUEUE_BUDGET = 5


@pytest.fixture
def council():
    return CouncilFactory(name="Ash", slug="ash", area_committee=AreaCommitteeFactory(district="Dover"))


@pytest.fixture
def office(client):
    user = staff_user()
    sign_in(client, user)
    return user


def request_data(for_council, **overrides):
    return {
        "full_name": "Sam Taylor",
        "email": "sam@example.org",
        "council": str(for_council.pk),
        "role": "councillor",
        "note": "",
        **overrides,
    }


# --- The request form -------------------------------------------------------------------


def test_the_form_groups_councils_by_district_and_loads_the_filter_script(client, council):
    CouncilFactory(name="Snodland", area_committee=AreaCommitteeFactory(district="Tonbridge and Malling"))
    html = client.get("/access/request/").content.decode()

    assert '<optgroup label="Dover">' in html
    assert '<optgroup label="Tonbridge and Malling">' in html
    assert f'<option value="{council.pk}">Ash Parish Council</option>' in html
    assert re.search(r'<script src="/static/js/access\.js" nonce="[^"]+">', html)
    assert "novalidate" in html and html.count("<h1") == 1


@pytest.mark.parametrize("forged", ["999999", "not-a-number", "", "1 OR 1=1"])
def test_a_forged_council_gives_an_error_next_to_the_field_and_changes_nothing(client, council, forged):
    response = client.post("/access/request/", request_data(council, council=forged))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_council"' in html  # the summary links to the field
    assert "is-invalid" in html
    assert not AccessRequest.objects.exists()
    assert queued_emails() == []


def test_missing_and_malformed_fields_are_explained(client, council):
    response = client.post(
        "/access/request/", request_data(council, full_name="", email="not-an-email", role="mayor")
    )

    form = response.context["form"]
    assert set(form.errors) == {"full_name", "email", "role"}
    assert "Enter a valid email address." in form.errors["email"]
    assert not AccessRequest.objects.exists()


def test_the_same_thank_you_whether_or_not_the_email_has_an_account(client, council):
    UserFactory(email="known@example.org")
    known = client.post("/access/request/", request_data(council, email="known@example.org"), follow=True)
    unknown = client.post(
        "/access/request/", request_data(council, email="stranger@example.org"), follow=True
    )

    assert known.redirect_chain == unknown.redirect_chain == [("/access/request/sent/", 302)]
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"', "", html)  # noqa: E731
    assert strip(known.content.decode()) == strip(unknown.content.decode())
    assert AccessRequest.objects.count() == 2


def test_too_many_requests_get_a_429_page_and_are_not_recorded(client, council):
    allowed = services.ACCESS_REQUEST_LIMITS["email"][0]
    for i in range(allowed):
        assert client.post("/access/request/", request_data(council, note=f"try {i}")).status_code == 302

    response = client.post("/access/request/", request_data(council, note="one too many"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()
    assert AccessRequest.objects.get().note == f"try {allowed - 1}"


# --- The office queue -------------------------------------------------------------------


@pytest.mark.parametrize("count", [30, 300])
def test_the_queue_holds_its_query_budget_at_30_and_300(
    client, office, council, count, django_assert_max_num_queries
):
    bulk_access_requests(count, council=council, decided_by=office)

    with django_assert_max_num_queries(QUEUE_BUDGET):
        response = client.get("/access/requests/")
    assert response.status_code == 200
    assert response.content.decode().count("Review<span") == 25
    with django_assert_max_num_queries(QUEUE_BUDGET):
        assert client.get("/access/requests/", {"status": "declined", "page": "2"}).status_code == 200


def test_the_queue_puts_waiting_requests_first_and_filters_by_status(client, office, council):
    waiting = submit_access_request(council=council, email="waiting@example.org", full_name="Wendy Waiting")
    declined = submit_access_request(
        council=council, email="declined@example.org", full_name="Derek Declined"
    )
    services.access_request_decline(access_request=declined, decided_by=office, reason="No.")
    # The declined one was touched last, but waiting requests still come first.
    AccessRequest.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))

    html = client.get("/access/requests/").content.decode()
    assert html.index("Wendy Waiting") < html.index("Derek Declined")

    only_declined = client.get("/access/requests/", {"status": "declined"}).content.decode()
    assert "Derek Declined" in only_declined and "Wendy Waiting" not in only_declined

    bad = client.get("/access/requests/", {"status": "nonsense"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


# --- Reviewing --------------------------------------------------------------------------


def test_approving_from_the_review_page_sends_the_invitation(
    client, office, council, django_capture_on_commit_callbacks
):
    request = submit_access_request(council=council, email="sam@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/access/requests/{request.pk}/", {"action": "approve"}, follow=True)

    assert response.redirect_chain[-1][0] == "/access/requests/"
    assert "An invitation has gone to sam@example.org" in response.content.decode()
    assert Invitation.objects.get().email == "sam@example.org"
    assert any(e["to"] == ["sam@example.org"] and "/invitations/" in e["text"] for e in queued_emails())


def test_declining_without_a_reason_shows_the_error_by_the_field_and_changes_nothing(client, office, council):
    request = submit_access_request(council=council)

    response = client.post(f"/access/requests/{request.pk}/", {"action": "decline", "decline-reason": " "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_decline-reason"' in html
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING


def test_declining_with_a_reason(client, office, council):
    request = submit_access_request(council=council)
    response = client.post(
        f"/access/requests/{request.pk}/", {"action": "decline", "decline-reason": "Not a member council."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        AccessRequest.Status.DECLINED,
        "Not a member council.",
    )


def test_an_approval_that_cannot_go_ahead_is_explained_on_the_page(client, office, council):
    PositionFactory(council=council, role=Position.Role.CLERK)
    request = submit_access_request(council=council, role=Position.Role.CLERK)

    response = client.post(f"/access/requests/{request.pk}/", {"action": "approve"})

    assert response.status_code == 200
    assert "already has a current clerk" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING


def test_an_unknown_action_is_explained(client, office, council):
    request = submit_access_request(council=council)
    response = client.post(f"/access/requests/{request.pk}/", {"action": "delete"})
    assert response.status_code == 200 and "Choose Approve or Decline" in response.content.decode()


# --- Accepting invitations ----------------------------------------------------------------


def test_a_new_person_sets_a_password_and_lands_on_my_kalc_with_their_council(client, council):
    _, token = issue_invitation(council=council, email="robin@example.org", role=Position.Role.RFO)
    page = client.get(f"/invitations/{token}/").content.decode()
    assert "Set up your account" in page and "robin@example.org" in page

    response = client.post(
        f"/invitations/{token}/",
        {"password1": "plenty-long-passphrase", "password2": "plenty-long-passphrase"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/my/"
    html = response.content.decode()
    assert "Ash Parish Council" in html and "Responsible financial officer since" in html
    assert response.context["user"].email == "robin@example.org"


@pytest.mark.parametrize(
    "password1, password2, message",
    [
        ("plenty-long-passphrase", "something-else-entirely", "The two passwords are not the same."),
        ("short", "short", "This password is too short."),
        ("password123", "password123", "This password is too common."),
    ],
)
def test_bad_passwords_are_explained_and_change_nothing(client, council, password1, password2, message):
    invitation, token = issue_invitation(council=council, email="robin@example.org")

    response = client.post(f"/invitations/{token}/", {"password1": password1, "password2": password2})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "There is a problem" in html
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.filter(email="robin@example.org").exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "state, status, heading",
    [
        ("unknown", 404, "This invitation link is not valid"),
        ("expired", 410, "This invitation has expired"),
        ("used", 410, "This invitation has already been used"),
        ("revoked", 410, "This invitation has been cancelled"),
        ("clerk_taken", 409, "This position can no longer be taken up"),
    ],
)
def test_invitations_that_cannot_be_accepted_say_why(client, council, state, status, heading):
    role = Position.Role.CLERK if state == "clerk_taken" else Position.Role.COUNCILLOR
    invitation, token = issue_invitation(council=council, email="robin@example.org", role=role)
    if state == "unknown":
        token = token[:-4] + "abcd"
    elif state == "expired":
        let_invitation_expire(invitation)
    elif state == "used":
        services.invitation_accept(invitation=invitation, password="plenty-long-passphrase")
    elif state == "revoked":
        services.invitation_revoke(invitation=invitation, revoked_by=as_request_user(staff_user()))
    else:
        PositionFactory(council=council, role=Position.Role.CLERK)

    for response in (
        client.get(f"/invitations/{token}/"),
        client.post(
            f"/invitations/{token}/", {"password1": "x-long-password", "password2": "x-long-password"}
        ),
    ):
        assert response.status_code == status
        html = response.content.decode()
        assert f"<h1>{heading}</h1>" in html
        assert 'href="/access/request/"' in html
    assert Position.objects.filter(user__email="robin@example.org").count() == (1 if state == "used" else 0)


def test_an_existing_member_signs_in_then_accepts_and_a_second_visit_is_harmless(client, council):
    member = UserFactory(email="robin@example.org")
    _, token = issue_invitation(council=council, email="robin@example.org", role=Position.Role.VICE_CHAIR)

    page = client.get(f"/invitations/{token}/").content.decode()
    assert "Sign in to accept" in page
    assert f'href="/accounts/login/?next=/invitations/{token}/"' in page

    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "Accept your invitation" in client.get(f"/invitations/{token}/").content.decode()
    response = client.post(f"/invitations/{token}/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/"
    assert "Vice-chair since" in response.content.decode()

    again = client.post(f"/invitations/{token}/", follow=True)
    assert again.redirect_chain[-1][0] == "/my/"
    assert "already accepted" in again.content.decode()
    assert Position.objects.filter(user=member, council=council).count() == 1


def test_someone_signed_in_as_another_account_is_told_to_sign_out(client, council):
    _, token = issue_invitation(council=council, email="robin@example.org")
    sign_in(client, UserFactory(email="other@example.org"))

    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "This invitation is for another account" in html and "other@example.org" in html


def test_a_decided_request_cannot_be_decided_again_from_the_page(client, office, council):
    request = submit_access_request(council=council)
    services.access_request_decline(access_request=request, decided_by=office, reason="No.")

    response = client.post(f"/access/requests/{request.pk}/", {"action": "approve"}, follow=True)

    assert "This request has already been decided." in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.DECLINED
    assert not Invitation.objects.exists()
