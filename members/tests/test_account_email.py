"""Adding an address at /accounts/email/: what the confirmation says to an address nobody
has confirmed, how often it may be sent, and what the address does (not) unlock."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management import call_command

from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, queued_emails, sign_in
from members.tests.factories_account import AccessRequestFactory

pytestmark = pytest.mark.django_db

TOO_MANY_ADDITIONS = "You have added several email addresses recently"


@pytest.fixture
def councillor(client):
    user = UserFactory(email="tom@example.org", full_name="Tom Fletcher-Quayle")
    PositionFactory(user=user, council=CouncilFactory(name="Sandwich", kind="town"))
    sign_in(client, user)
    return user


def add_address(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/email/", {"email": email, "action_add": ""}, follow=True)


def remove_address(client, email):
    return client.post("/accounts/email/", {"email": email, "action_remove": ""}, follow=True)


def test_the_confirmation_names_the_association_and_not_the_member(
    client, councillor, django_capture_on_commit_callbacks
):
    add_address(client, "sam.smith@example.org", django_capture_on_commit_callbacks)

    [email] = [e for e in queued_emails() if e["to"] == ["sam.smith@example.org"]]
    for part in (email["subject"], email["text"], email["html"]):
        # The member chose their name: it is not theirs to send to an unconfirmed address.
        assert "Tom" not in part and "Fletcher" not in part and "tom@example.org" not in part
    assert "an account on the Kent Association of Local Councils members' portal" in email["text"]
    assert "on ." not in email["text"]
    assert "http://testserver/accounts/confirm-email/" in email["text"]
    assert email["subject"] == "[KALC] Confirm your email address"


def test_an_unconfirmed_address_does_not_bring_its_owners_requests_into_the_export(
    client, councillor, django_capture_on_commit_callbacks
):
    AccessRequestFactory(email="sam.smith@example.org", full_name="Sam Smith", note="Sam's private note")
    add_address(client, "sam.smith@example.org", django_capture_on_commit_callbacks)
    [added] = EmailAddress.objects.filter(user=councillor, email="sam.smith@example.org")
    assert not added.verified

    data = json.loads(client.post("/account/export/").content)

    assert data["access_requests"] == []
    assert "Sam's private note" not in json.dumps(data)


def test_addresses_added_are_limited_per_member(client, councillor, django_capture_on_commit_callbacks):
    for n in range(3):
        response = add_address(client, f"extra{n}@example.org", django_capture_on_commit_callbacks)
        assert TOO_MANY_ADDITIONS not in response.content.decode()
        remove_address(client, f"extra{n}@example.org")

    response = add_address(client, "one-more@example.org", django_capture_on_commit_callbacks)

    html = response.content.decode()
    assert response.status_code == 200
    assert TOO_MANY_ADDITIONS in html
    assert not EmailAddress.objects.filter(email="one-more@example.org").exists()
    assert not [e for e in queued_emails() if e["to"] == ["one-more@example.org"]]
    # Another member is not affected.
    sign_in(client, UserFactory())
    response = add_address(client, "one-more@example.org", django_capture_on_commit_callbacks)
    assert TOO_MANY_ADDITIONS not in response.content.decode()


def test_an_account_holds_at_most_three_addresses(client, councillor, django_capture_on_commit_callbacks):
    add_address(client, "extra0@example.org", django_capture_on_commit_callbacks)
    add_address(client, "extra1@example.org", django_capture_on_commit_callbacks)

    response = add_address(client, "extra2@example.org", django_capture_on_commit_callbacks)

    assert "You cannot add more than 3 email addresses." in response.content.decode()
    assert EmailAddress.objects.filter(user=councillor).count() == 3


def test_the_site_is_named_after_the_association():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == (settings.ASSOCIATION_NAME, "testserver")


def test_the_site_keeps_its_name_after_a_flush(transactional_db):
    # A flush (every transactional test ends with one) empties django_site; the sites app
    # then puts "example.com" back, and our post_migrate hook puts the association back.
    call_command("flush", interactive=False, verbosity=0)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.name, site.domain) == (settings.ASSOCIATION_NAME, "testserver")
