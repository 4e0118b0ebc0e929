"""Usability findings (issue 12, section 5) that a view test can pin: what each reader is
offered, the office's home, the home page's promises, excerpts, and valid markup."""

import re

import pytest
from django.urls import reverse

from knowledge_bank.models import Resource
from knowledge_bank.tests.factories import HubFactory, ResourceFactory
from members.models import AccessRequest, Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in, staff_user
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db


def _links(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


def test_councillor_is_not_offered_mediation_they_cannot_request(client):
    councillor = UserFactory()
    PositionFactory(user=councillor, role=Position.Role.COUNCILLOR)
    client.force_login(councillor)
    response = client.get(reverse("members:my_kalc"))
    assert reverse("members:mediation_request") not in _links(response)
    assert client.get(reverse("members:mediation_request")).status_code == 403  # the link would fail


def test_clerk_is_offered_mediation(client):
    clerk = UserFactory()
    PositionFactory(user=clerk, role=Position.Role.CLERK)
    client.force_login(clerk)
    assert reverse("members:mediation_request") in _links(client.get(reverse("members:my_kalc")))


def test_person_without_a_position_is_offered_no_members_only_pages(client):
    client.force_login(UserFactory())
    response = client.get(reverse("members:my_kalc"))
    members_only = ("partner_list", "key_contacts", "area_committee_list", "council_directory")
    for name in (*members_only, "mediation_request"):
        url = reverse(f"members:{name}")
        assert url not in _links(response), name
        assert client.get(url).status_code == 403


def test_office_staff_home_lists_their_work_with_counts_and_links(client):
    staff = staff_user()
    AccessRequest.objects.create(
        full_name="New Clerk", email="new@example.org", council=CouncilFactory(), role=Position.Role.CLERK
    )
    feedback_item()
    feedback_item()
    sign_in(client, staff)
    response = client.get(reverse("members:my_kalc"))
    html = response.content.decode()
    assert "You do not hold a position" not in html
    assert "Office work waiting" in html
    for key, url, count in (
        ("access_requests", reverse("members:access_queue"), 1),
        ("feedback", reverse("members:feedback_queue"), 2),
        ("account_deletion", reverse("members:deletion_queue"), 0),
        ("knowledge_review_due", reverse("knowledge_bank:review_board"), 0),
    ):
        item = re.search(rf'id="office-work-{key}">(.*?)</li>', html, re.S)
        assert item, key
        assert f'href="{url}"' in item.group(1)
        assert re.search(rf">{count}<span", item.group(1)), (key, item.group(1))
    # Staff hold no council position: no mediation request (a 403 for them).
    assert reverse("members:mediation_request") not in _links(response)
    assert client.get(reverse("members:mediation_request")).status_code == 403


def test_office_home_runs_one_query_per_queue_whatever_the_numbers(client):
    staff = staff_user()
    sign_in(client, staff)
    assert "Office work waiting" in client.get(reverse("members:my_kalc")).content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:my_kalc"))
    for _ in range(10):
        feedback_item()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("members:my_kalc"))
    assert len(many) == len(few)


def test_staff_on_a_password_only_session_are_offered_no_office_queues(client):
    """Staff powers need the authenticator used this session: without it the queues would
    refuse them, so My KALC does not offer them."""
    sign_in(client, staff_user(), mfa=False)
    html = client.get(reverse("members:my_kalc")).content.decode()
    assert "Office work waiting" not in html
    assert 'id="office-work-' not in html
    assert 'id="staff-needs-mfa"' in html
    assert reverse("mfa_reauthenticate") in html


def test_councillor_sees_no_office_work(client):
    councillor = UserFactory()
    PositionFactory(user=councillor, role=Position.Role.COUNCILLOR)
    client.force_login(councillor)
    assert "Office work waiting" not in client.get(reverse("members:my_kalc")).content.decode()


def test_home_page_links_training_and_says_what_is_coming(client):
    html = client.get("/").content.decode()
    assert {reverse("training:event_list"), reverse("surveys:list")} <= _links(client.get("/"))
    for card in ("offer-forums", "offer-news"):
        section = re.search(rf'aria-labelledby="{card}">(.*?)</section>', html, re.S).group(1)
        assert "Coming soon" in section, card
    for card in ("offer-training", "offer-survey"):  # landed: linked, not "coming"
        section = re.search(rf'aria-labelledby="{card}">(.*?)</section>', html, re.S).group(1)
        assert "Coming soon" not in section, card


def test_anonymous_home_page_offers_contact_and_asking_for_access(client, settings):
    response = client.get("/")
    links = _links(response)
    assert reverse("members:access_request") in links
    assert f"mailto:{settings.OFFICE_EMAIL}" in links


def test_pages_have_a_favicon_and_a_meta_description(client):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert icon and icon.group(1).endswith("favicon.svg")
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)


def test_forum_digest_preference_says_the_forums_are_coming(client):
    client.force_login(UserFactory())
    assert "forums are coming soon" in client.get(reverse("members:account_preferences")).content.decode()


def test_sign_in_password_has_no_reset_link_before_the_button(client):
    html = client.get(reverse("account_login")).content.decode()
    reset = reverse("account_reset_password")
    assert html.count(f'href="{reset}"') == 1
    assert html.index('type="submit"') < html.index(f'href="{reset}"')


def test_reauthenticate_page_has_one_reset_link_after_the_button(client):
    client.force_login(UserFactory())
    html = client.get(reverse("account_reauthenticate")).content.decode()
    reset = reverse("account_reset_password")
    assert html.count(f'href="{reset}"') == 1
    form = html[html.index('id="id_password"') :]
    assert form.index('type="submit"') < form.index(f'href="{reset}"')


def test_time_elements_carry_no_microseconds(client):
    member = UserFactory()
    PositionFactory(user=member)
    resource = ResourceFactory(title="Allotments guide")
    client.force_login(member)
    html = client.get(reverse("knowledge_bank:resource", args=[resource.slug])).content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert values
    for value in values:
        # A valid global date and time string: seconds at most, then the offset.
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)", value), value


def test_search_excerpts_show_text_not_markdown_and_badge_members_only(client):
    member = UserFactory()
    PositionFactory(user=member)
    ResourceFactory(
        title="Allotment tenancies",
        summary="Letting plots.",
        body=(
            "> [Kent Allotments Society](https://example.org/kas) advice on allotments\n\n"
            "- allotments need a tenancy & rules"
        ),
        audience=Resource.Audience.MEMBERS,
    )
    client.force_login(member)
    html = client.get(reverse("knowledge_bank:search"), {"q": "allotments"}).content.decode()
    result = re.search(r'<li class="search-result.*?</li>', html, re.S).group(0)
    excerpt = re.search(r'class="mb-0 search-headline">(.*?)</p>', result, re.S).group(1)
    assert "<mark>" in excerpt
    assert "&gt;" not in excerpt and "[" not in excerpt and "- " not in excerpt, excerpt
    assert "example.org" not in excerpt
    assert "tenancy &amp; rules" in excerpt  # the character, escaped once (not &amp;amp;)
    assert "Members only" in result


def test_search_that_finds_nothing_offers_the_hubs(client):
    hub = HubFactory(name="Climate change")
    html = client.get(reverse("knowledge_bank:search"), {"q": "zzqxj"}).content.decode()
    assert "No resources match" in html
    assert f'href="{reverse("knowledge_bank:hub", args=[hub.slug])}"' in html


def test_search_that_finds_nothing_suggests_near_spellings_of_titles(client):
    ResourceFactory(title="Allotment tenancy agreements", audience=Resource.Audience.PUBLIC)
    html = client.get(reverse("knowledge_bank:search"), {"q": "alotmnt tenncy"}).content.decode()
    assert "No resources match" in html
    assert "Did you mean" in html
    assert f'href="{reverse("knowledge_bank:search")}?q=Allotment%20tenancy%20agreements"' in html
    nothing_near = client.get(reverse("knowledge_bank:search"), {"q": "zzqxj"}).content.decode()
    assert "Did you mean" not in nothing_near
