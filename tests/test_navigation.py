"""The header and footer links go where Django reverses them to, and the menu depends on
who is signed in."""

import re

import pytest
from django.urls import reverse

from members import permissions, services
from members.tests.factories import PositionFactory, UserFactory, add_totp, sign_in

pytestmark = pytest.mark.django_db


def header_links(html: str) -> dict[str, str]:
    header = html[html.index("<header") : html.index("</header>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    links = re.findall(r'<a class="[^"]*" href="([^"]+)"[^>]*>([^<]+)', header)
    links += re.findall(r'<a href="([^"]+)">([^<]+)', footer)
    return {text.strip(): href for href, text in links}


def test_a_visitor_sees_public_links_and_the_current_page_marked(client):
    html = client.get("/").content.decode()
    links = header_links(html)

    assert links["Home"] == reverse("home")
    assert links["Find your council"] == reverse("members:find_your_council")
    assert links["Sign in"] == reverse("account_login")
    assert links["Privacy notice"] == reverse("privacy")
    assert f'href="{reverse("home")}" aria-current="page">Home</a>' in html
    assert "My KALC" not in links and "Office admin" not in links


def test_a_clerk_sees_the_members_links_and_staff_the_office_menu(client):
    clerk = PositionFactory().user
    sign_in(client, clerk)
    links = header_links(client.get(reverse("members:my_kalc")).content.decode())
    assert links["My KALC"] == reverse("members:my_kalc")
    assert links["Councils"] == reverse("members:council_directory")
    assert links["Knowledge bank"] == reverse("knowledge_bank:home")
    assert "Office admin" not in links

    office = UserFactory(is_staff=True)
    office.groups.add(services.office_group(permissions.OFFICE_STAFF))
    add_totp(office)
    sign_in(client, office)
    links = header_links(client.get(reverse("members:my_kalc")).content.decode())
    assert links["Office admin"] == reverse("admin:index")
    assert links["Knowledge review board"] == reverse("knowledge_bank:review_board")
    assert "Verify for office work" not in links and "Set up office sign-in" not in links


def test_staff_not_yet_verified_are_shown_the_way_to_verify_not_office_links(client):
    """Office links would only redirect them to the authenticator step: offer that step."""
    office = UserFactory(is_staff=True)
    office.groups.add(services.office_group(permissions.OFFICE_STAFF))
    sign_in(client, office)  # no authenticator app yet
    html = client.get(reverse("members:my_kalc")).content.decode()
    links = header_links(html)
    assert links["Set up office sign-in"] == reverse("mfa_activate_totp")
    assert 'id="office-menu"' not in html and "Office admin" not in links
    # Setting up an app asks for the password again first (allauth), then shows the app's QR code.
    response = client.get(links["Set up office sign-in"], follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0].startswith(
        "/accounts/reauthenticate/"
    )

    add_totp(office)
    sign_in(client, office, mfa=False)  # has the app, has not used it in this session
    html = client.get(reverse("members:my_kalc")).content.decode()
    links = header_links(html)
    verify = f"{reverse('mfa_reauthenticate')}?next={reverse('members:my_kalc')}"
    assert links["Verify for office work"] == verify
    assert 'id="office-menu"' not in html and "Set up office sign-in" not in links
    assert client.get(verify).status_code == 200

    sign_in(client, office, mfa=True)
    links = header_links(client.get(reverse("members:my_kalc")).content.decode())
    assert links["Office admin"] == reverse("admin:index")
    assert "Verify for office work" not in links
