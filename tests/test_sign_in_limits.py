"""Sign-in limits slow a guesser without keeping the owner out, and every limit per
address counts the visitor, not the reverse proxy in front of the portal.

Real views, the real Redis cache the limits live in; each test starts with Redis flushed."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory

from kalc_portal import client_ip
from members.models import AccessRequest
from members.services import access as access_services
from members.tests.factories import PASSWORD, CouncilFactory, UserFactory, queued_emails

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"
GUESSER_IP = "198.51.100.7"
OWNER_IP = "203.0.113.40"
PROXY_IP = "10.0.0.2"
NEW_PASSWORD = "a-brand-new-long-passphrase"


def sign_in(client: Client, email: str, password: str, **extra) -> str:
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra).content.decode()


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def owner():
    return UserFactory(email="clerk@ash.example.org", full_name="Alex Morgan")


def guess(client: Client, email: str, times: int, **extra) -> list[str]:
    return [sign_in(client, email, f"wrong-guess-{i}", **extra) for i in range(times)]


# --- What is limited ---------------------------------------------------------------------------


def test_a_guesser_is_stopped_after_five_wrong_passwords_for_one_account(owner):
    guesser = Client(REMOTE_ADDR=GUESSER_IP)

    pages = guess(guesser, owner.email, 6)

    assert not any(TOO_MANY in page for page in pages[:5])
    assert TOO_MANY in pages[5]
    # Even the right password is refused from that address while the limit holds.
    assert TOO_MANY in sign_in(guesser, owner.email, PASSWORD)
    assert not signed_in(guesser)


def test_a_guesser_trying_many_accounts_from_one_address_is_stopped_after_ten(owner):
    guesser = Client(REMOTE_ADDR=GUESSER_IP)
    others = [UserFactory() for _ in range(10)]

    pages = [sign_in(guesser, other.email, "wrong-guess") for other in others]
    assert not any(TOO_MANY in page for page in pages)

    assert TOO_MANY in sign_in(guesser, owner.email, "wrong-guess")


def test_an_address_gets_fifty_wrong_passwords_an_hour_however_slowly_it_guesses(owner):
    guesser = Client(REMOTE_ADDR=GUESSER_IP)
    accounts = [UserFactory() for _ in range(5)]  # never five wrong for one account in five minutes
    with time_machine.travel(time.time(), tick=False) as traveller:
        for _minute in range(10):
            pages = [sign_in(guesser, account.email, "wrong-guess") for account in accounts]
            assert not any(TOO_MANY in page for page in pages)
            traveller.shift(5 * 60 + 1)
        assert TOO_MANY in sign_in(guesser, owner.email, "wrong-guess")

        traveller.shift(60 * 60)
        assert TOO_MANY not in sign_in(guesser, owner.email, "wrong-guess")


def test_a_locked_address_may_try_the_account_again_after_five_minutes(owner):
    guesser = Client(REMOTE_ADDR=GUESSER_IP)
    with time_machine.travel(time.time(), tick=False) as traveller:
        guess(guesser, owner.email, 5)
        assert TOO_MANY in sign_in(guesser, owner.email, PASSWORD)

        traveller.shift(5 * 60 + 1)
        sign_in(guesser, owner.email, PASSWORD)
    assert signed_in(guesser)


# --- The owner is never locked out --------------------------------------------------------


def test_the_owner_signs_in_from_elsewhere_while_a_guesser_is_locked_out(owner):
    guesser = Client(REMOTE_ADDR=GUESSER_IP)
    for _round in range(3):  # repeatably: the guesser comes back every time the lock ends
        guess(guesser, owner.email, 6)

    owner_client = Client(REMOTE_ADDR=OWNER_IP)
    sign_in(owner_client, owner.email, PASSWORD)

    assert signed_in(owner_client)
    assert TOO_MANY in sign_in(guesser, owner.email, PASSWORD)


def test_the_owner_on_the_guessers_address_gets_in_through_a_password_reset(
    owner, django_capture_on_commit_callbacks
):
    shared = Client(REMOTE_ADDR=GUESSER_IP)  # e.g. the same council office's connection
    guess(shared, owner.email, 6)
    assert TOO_MANY in sign_in(shared, owner.email, PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        assert shared.post("/accounts/password/reset/", {"email": owner.email}).status_code == 302
    [email] = [e for e in queued_emails() if e["to"] == [owner.email]]
    reset_path = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", email["text"]).group(1)
    set_password_page = shared.get(reset_path)
    assert set_password_page.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = shared.post(
            set_password_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
    assert response.status_code == 302

    page = sign_in(shared, owner.email, NEW_PASSWORD)
    assert TOO_MANY not in page
    assert signed_in(shared)


# --- The visitor's address behind a reverse proxy ----------------------------------------


def request_from(remote_addr: str, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


def test_without_a_trusted_proxy_a_forwarded_for_header_is_ignored():
    assert settings.TRUSTED_PROXY_COUNT == 0 and settings.TRUSTED_CLIENT_IP_HEADER is None
    request = request_from(GUESSER_IP, **{"X-Forwarded-For": "192.0.2.1", "X-Real-IP": "192.0.2.2"})

    assert client_ip.client_ip(request) == GUESSER_IP


def test_behind_trusted_proxies_the_visitor_is_the_entry_the_outermost_one_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor sent "192.0.2.1" themselves; our proxy appended the address it saw.
    request = request_from(PROXY_IP, **{"X-Forwarded-For": "192.0.2.1, 203.0.113.9"})
    assert client_ip.client_ip(request) == "203.0.113.9"

    settings.TRUSTED_PROXY_COUNT = 2  # a CDN, then nginx
    assert client_ip.client_ip(request) == "192.0.2.1"
    # Straight to nginx, skipping the CDN: one entry, the address nginx saw.
    assert client_ip.client_ip(request_from(PROXY_IP, **{"X-Forwarded-For": "203.0.113.9"})) == "203.0.113.9"
    # Not through the proxy at all (a health check on the host): the peer address.
    assert client_ip.client_ip(request_from("127.0.0.1")) == "127.0.0.1"


def test_a_trusted_client_ip_header_is_read_when_configured(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = request_from(PROXY_IP, **{"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "192.0.2.1"})

    assert client_ip.client_ip(request) == "203.0.113.9"
    assert client_ip.client_ip(request_from(PROXY_IP, **{"X-Real-IP": "not an address"})) == PROXY_IP


def test_ipv6_visitors_are_counted_by_their_64():
    a = request_from("2001:db8:1:2::1")
    b = request_from("2001:db8:1:2:ffff::9")

    assert client_ip.rate_limit_address(a) == client_ip.rate_limit_address(b) == "2001:db8:1:2::"
    assert client_ip.rate_limit_address(request_from(GUESSER_IP)) == GUESSER_IP


def behind_the_proxy(visitor_ip: str) -> Client:
    return Client(REMOTE_ADDR=PROXY_IP, headers={"X-Forwarded-For": visitor_ip})


def test_two_visitors_behind_one_proxy_get_separate_sign_in_limits(settings, owner):
    settings.TRUSTED_PROXY_COUNT = 1
    guesser, owner_client = behind_the_proxy(GUESSER_IP), behind_the_proxy(OWNER_IP)
    for other in [UserFactory() for _ in range(10)]:
        sign_in(guesser, other.email, "wrong-guess")
    assert TOO_MANY in sign_in(guesser, owner.email, PASSWORD)

    sign_in(owner_client, owner.email, PASSWORD)

    assert signed_in(owner_client)


def test_without_a_trusted_proxy_visitors_cannot_escape_the_limit_by_forging_the_header(owner):
    for i in range(10):
        sign_in(behind_the_proxy(f"192.0.2.{i}"), UserFactory().email, "wrong-guess")

    assert TOO_MANY in sign_in(behind_the_proxy("192.0.2.200"), owner.email, PASSWORD)


def access_request(client: Client, council, n: int) -> int:
    data = {
        "full_name": "Sam Taylor",
        "email": f"sam{n}@example.org",
        "council": str(council.pk),
        "role": "councillor",
        "note": "",
    }
    return client.post("/access/request/", data).status_code


def test_two_visitors_behind_one_proxy_get_separate_access_request_limits(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    council = CouncilFactory()
    allowed = access_services.ACCESS_REQUEST_LIMITS["ip"][0]
    busy, other = behind_the_proxy(GUESSER_IP), behind_the_proxy(OWNER_IP)
    assert all(access_request(busy, council, n) == 302 for n in range(allowed))
    assert access_request(busy, council, allowed) == 429

    assert access_request(other, council, allowed + 1) == 302
    assert AccessRequest.objects.count() == allowed + 1


def test_without_a_trusted_proxy_a_forged_header_does_not_lift_the_access_request_limit():
    council = CouncilFactory()
    allowed = access_services.ACCESS_REQUEST_LIMITS["ip"][0]
    for n in range(allowed):
        assert access_request(behind_the_proxy(f"192.0.2.{n}"), council, n) == 302

    assert access_request(behind_the_proxy("192.0.2.200"), council, allowed) == 429
