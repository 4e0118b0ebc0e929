"""Every partners and key-contacts URL x every role, with the exact status expected."""

import pytest

from members.tests.conftest import ROLES, UNVERIFIED_STAFF, redirect_prefix
from members.tests.factories_office import KeyContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

# Office staff count as members only with their authenticator app used this session.
MEMBERS_ONLY = {
    **dict.fromkeys(ROLES, 200),
    "anonymous": 302,
    "no_position": 403,
    "mediation_officer": 403,
    UNVERIFIED_STAFF: 302,
}

MATRIX = {
    "/partners/": MEMBERS_ONLY,
    "/partners/weald-audit/": MEMBERS_ONLY,
    "/contacts/": MEMBERS_ONLY,
}


@pytest.mark.parametrize("url", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, login_as, url, role):
    PartnerFactory(name="Weald Internal Audit", slug="weald-audit")
    KeyContactFactory(name="Sam Patel")
    login_as(role)

    response = client.get(url)

    assert response.status_code == MATRIX[url][role], f"{role} GET {url}"
    if response.status_code == 302:
        assert response["Location"].startswith(redirect_prefix(role))


@pytest.mark.parametrize("role", ["clerk_a", "staff"])
def test_unknown_or_inactive_partner_is_not_found(client, login_as, role):
    PartnerFactory(slug="gone", is_active=False)
    login_as(role)
    assert client.get("/partners/gone/").status_code == 404
    assert client.get("/partners/never-existed/").status_code == 404
