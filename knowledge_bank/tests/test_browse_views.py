"""The knowledge home, What's new, hub pages and resource pages: what they show and in
which order, the player and its Content-Security-Policy, and the staff-only details."""

import datetime
import re

import pytest
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.services.resources import hub_pin, resource_update
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory, office_author
from members.tests.factories import sign_in

pytestmark = pytest.mark.django_db

K = Resource.Kind


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h[23] class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', html)


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section aria-labelledby="kind-([a-z_]+)"', html)


def section_html(html: str, kind: str) -> str:
    start = html.index(f'<section aria-labelledby="kind-{kind}"')
    return html[start : html.index("</section>", start)]


# --- Home -----------------------------------------------------------------------


def test_home_has_search_hubs_whats_new_and_the_feed(client):
    hub = HubFactory(
        name="Resilience hub", slug="resilience", intro="Emergency **planning** with partners & volunteers."
    )
    ResourceFactory(title="Emergency plan template", audience=Resource.Audience.PUBLIC, hubs=[hub])

    html = client.get("/knowledge/").content.decode()

    assert html.count("<h1>") == 1 and "<h1>Knowledge bank</h1>" in html
    assert '<form method="get" action="/knowledge/search/" role="search"' in html
    assert '<input type="search" id="knowledge-search" name="q"' in html
    assert '<label for="knowledge-search"' in html
    assert '<a href="/knowledge/hubs/resilience/">Resilience hub</a>' in html
    # The intro as plain text, escaped once.
    assert '<p class="card-text">Emergency planning with partners &amp; volunteers.</p>' in html
    assert "1 resource</p>" in html
    assert card_titles(html) == ["Emergency plan template"]
    assert 'href="/knowledge/new/"' in html
    assert 'href="/knowledge/feed/"' in html
    assert 'href="/knowledge/saved/"' not in html  # only members can save


def test_home_lists_the_ten_newest_and_links_saved_items_for_members(client, login_as):
    for day in range(12):
        ResourceFactory(title=f"Item {day:02d}", published_at=days_ago(day))
    login_as("councillor_a")

    html = client.get("/knowledge/").content.decode()

    assert card_titles(html) == [f"Item {day:02d}" for day in range(10)]
    assert 'href="/knowledge/saved/">My saved items</a>' in html


# --- What's new ------------------------------------------------------------------


def test_whats_new_pages_by_twenty_newest_first(client, login_as):
    for day in range(45):
        ResourceFactory(title=f"Item {day:02d}", published_at=days_ago(day))
    login_as("clerk_a")

    first = client.get("/knowledge/new/")
    third = client.get("/knowledge/new/", {"page": 3})

    assert card_titles(first.content.decode()) == [f"Item {day:02d}" for day in range(20)]
    assert card_titles(third.content.decode()) == [f"Item {day:02d}" for day in range(40, 45)]
    assert "Page 1 of 3" in first.content.decode()
    assert 'aria-label="Pages of what\'s new"' in first.content.decode()


def test_whats_new_filters_by_kind_and_keeps_the_filter_on_the_pager(client, login_as):
    for day in range(25):
        ResourceFactory(title=f"Policy {day:02d}", kind=K.MODEL_POLICY, published_at=days_ago(day))
    ResourceFactory(title="A toolkit", kind=K.TOOLKIT)
    login_as("councillor_a")

    html = client.get("/knowledge/new/", {"kind": "model_policy"}).content.decode()

    assert "A toolkit" not in html
    assert len(card_titles(html)) == 20
    assert "25 resources of this kind" in html
    assert 'href="?kind=model_policy&amp;page=2"' in html
    assert '<option value="model_policy" selected>' in html


def test_whats_new_ignores_an_unknown_kind(client):
    ResourceFactory(title="Open to all", audience=Resource.Audience.PUBLIC)
    response = client.get("/knowledge/new/", {"kind": "<script>"})
    assert response.status_code == 200
    assert card_titles(response.content.decode()) == ["Open to all"]


# --- Hub pages -------------------------------------------------------------------


@pytest.fixture
def climate(db):
    return HubFactory(
        name="Climate change hub",
        slug="climate-change",
        intro="## Next steps\n\nDeclare, plan, act. <script>alert(1)</script>",
    )


def test_hub_page_shows_its_intro_and_groups_by_kind_in_kind_order(client, login_as, climate):
    ResourceFactory(title="Funding sources note", kind=K.BRIEFING, hubs=[climate])
    ResourceFactory(title="Declaration", kind=K.MODEL_POLICY, hubs=[climate])
    ResourceFactory(title="Net zero guide", kind=K.GUIDE, hubs=[climate])
    ResourceFactory(title="Somewhere else", kind=K.TOOLKIT)
    login_as("councillor_a")

    html = client.get("/knowledge/hubs/climate-change/").content.decode()

    assert "<h1>Climate change hub</h1>" in html
    assert "<h2>Next steps</h2>" in html
    assert "<script>alert" not in html
    assert section_ids(html) == ["guide", "model_policy", "briefing"]
    assert '<h2 id="kind-model_policy" class="h3">Model policies and declarations</h2>' in html
    assert "Somewhere else" not in html


def test_hub_page_puts_pinned_items_first_in_pin_order_then_newest(client, login_as, climate):
    old_pinned = ResourceFactory(title="Old but pinned second", hubs=[climate], published_at=days_ago(300))
    older_pinned = ResourceFactory(title="Oldest, pinned first", hubs=[climate], published_at=days_ago(400))
    for day, title in [(3, "Newer"), (1, "Newest"), (9, "Older")]:
        ResourceFactory(title=title, hubs=[climate], published_at=days_ago(day))
    hub_pin(hub=climate, resource=old_pinned, pin_order=2)
    hub_pin(hub=climate, resource=older_pinned, pin_order=1)
    # Pinned in another hub only: no effect here.
    elsewhere = HubFactory()
    hub_pin(hub=elsewhere, resource=Resource.objects.get(title="Older"))
    login_as("councillor_a")

    html = client.get("/knowledge/hubs/climate-change/").content.decode()

    assert card_titles(section_html(html, "guide")) == [
        "Oldest, pinned first",
        "Old but pinned second",
        "Newest",
        "Newer",
        "Older",
    ]


def test_hub_page_shows_ten_per_kind_and_links_to_see_all(client, login_as, climate):
    for day in range(13):
        ResourceFactory(title=f"Guide {day:02d}", hubs=[climate], published_at=days_ago(day))
    ResourceFactory(title="Clerks only guide", hubs=[climate], audience=Resource.Audience.CLERKS)
    for day in range(2):
        ResourceFactory(title=f"Toolkit {day}", kind=K.TOOLKIT, hubs=[climate], published_at=days_ago(day))
    login_as("councillor_a")

    html = client.get("/knowledge/hubs/climate-change/").content.decode()

    guides = section_html(html, "guide")
    assert card_titles(guides) == [f"Guide {day:02d}" for day in range(10)]
    # A councillor does not see the clerks' guide, so it is not counted either.
    assert (
        '<a href="/knowledge/search/?hub=climate-change&amp;kind=guide">See all 13 best-practice guides</a>'
        in guides
    )
    assert "See all" not in section_html(html, "toolkit")


def test_hub_page_for_a_clerk_counts_the_clerks_guide(client, login_as, climate):
    for _ in range(10):
        ResourceFactory(hubs=[climate])
    ResourceFactory(title="Clerks only guide", hubs=[climate], audience=Resource.Audience.CLERKS)
    login_as("clerk_a")

    html = client.get("/knowledge/hubs/climate-change/").content.decode()

    assert "See all 11 best-practice guides" in html


def test_an_empty_hub_says_so(client, climate):
    ResourceFactory(hubs=[climate])  # members only
    html = client.get("/knowledge/hubs/climate-change/").content.decode()
    assert "There is nothing in this hub for you yet." in html
    assert "/accounts/login/?next=/knowledge/hubs/climate-change/" in html


def test_home_lists_follow_the_audience_and_every_write(client, login_as, climate):
    ResourceFactory(title="Members guide", hubs=[climate])
    ResourceFactory(title="Clerks guide", hubs=[climate], audience=Resource.Audience.CLERKS)

    login_as("councillor_a")
    assert card_titles(client.get("/knowledge/").content.decode()) == ["Members guide"]
    login_as("clerk_a")
    assert card_titles(client.get("/knowledge/").content.decode()) == ["Clerks guide", "Members guide"]

    login_as("councillor_a")
    ResourceFactory(title="Newer members guide", hubs=[climate])
    HubFactory(name="Climate action hub", slug="climate-change")  # a rename through hub_save
    html = client.get("/knowledge/").content.decode()
    assert card_titles(html) == ["Newer members guide", "Members guide"]
    assert ">Climate action hub</a>" in html and "2 resources</p>" in html


def test_hub_sections_follow_the_audience_and_every_write(client, login_as, climate):
    ResourceFactory(title="Members guide", hubs=[climate])
    ResourceFactory(title="Clerks guide", hubs=[climate], audience=Resource.Audience.CLERKS)
    url = "/knowledge/hubs/climate-change/"

    login_as("councillor_a")
    assert card_titles(client.get(url).content.decode()) == ["Members guide"]

    login_as("clerk_a")  # another audience sees its own
    assert card_titles(client.get(url).content.decode()) == ["Clerks guide", "Members guide"]
    login_as("councillor_a")
    ResourceFactory(title="Newer members guide", hubs=[climate])
    assert card_titles(client.get(url).content.decode()) == ["Newer members guide", "Members guide"]
    client.logout()
    html = client.get(url).content.decode()
    assert "There is nothing in this hub for you yet." in html and "/accounts/login/?next=" in html


# --- Resource page -------------------------------------------------------------


@pytest.fixture
def vlog(climate):
    return ResourceFactory(
        title="Net zero in a village hall",
        slug="net-zero-village-hall",
        kind=K.VLOG,
        hubs=[climate],
        audience=Resource.Audience.PUBLIC,
        embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )


def test_vlog_page_embeds_a_titled_player_and_allows_only_its_frame(client, vlog):
    response = client.get("/knowledge/net-zero-village-hall/")
    html = response.content.decode()

    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
        'title="Vlog: Net zero in a village hall"' in html
    )
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy
    # The rest of the site's policy still applies.
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert re.search(r"script-src 'self' 'nonce-[^']+'", policy)


def test_pages_without_a_player_allow_no_frames(client, climate, vlog):
    guide = ResourceFactory(title="Plain guide", hubs=[climate], audience=Resource.Audience.PUBLIC)
    unembeddable = ResourceFactory(
        title="Podcast elsewhere",
        kind=K.PODCAST,
        audience=Resource.Audience.PUBLIC,
        embed_url="https://podcasts.example.org/episode-4",
    )
    for url in [
        "/knowledge/",
        "/knowledge/new/",
        "/knowledge/hubs/climate-change/",
        f"/knowledge/{guide.slug}/",
    ]:
        assert "frame-src" not in client.get(url)["Content-Security-Policy"], url

    response = client.get(f"/knowledge/{unembeddable.slug}/")
    assert "frame-src" not in response["Content-Security-Policy"]
    assert "<iframe" not in response.content.decode()
    assert 'href="https://podcasts.example.org/episode-4"' in response.content.decode()


def test_resource_page_shows_its_facts(client, login_as, climate):
    transport = HubFactory(name="Community transport", slug="community-transport")
    resource = ResourceFactory(
        title="Model climate emergency declaration",
        kind=K.MODEL_POLICY,
        audience=Resource.Audience.CLERKS,
        summary="Wording a council can adopt.",
        body="# Resolution\n\nThis council declares a climate emergency.",
        hubs=[climate, transport],
        topics=[TopicFactory(name="Net zero"), TopicFactory(name="Governance")],
        owner=office_author(full_name="Olivia Office"),
    )
    login_as("clerk_a")

    html = client.get(f"/knowledge/{resource.slug}/").content.decode()

    assert "<h1>Model climate emergency declaration</h1>" in html
    assert '<span class="resource-kind">Model policy</span>' in html
    assert '<span class="badge audience-badge">Clerks only</span>' in html
    assert '<a href="/knowledge/hubs/climate-change/">Climate change hub</a>' in html
    assert '<a href="/knowledge/hubs/community-transport/">Community transport</a>' in html
    assert "Governance, Net zero" in html
    assert '<dt class="col-sm-3">Published</dt>' in html and "Last updated" in html
    assert "<h2>Resolution</h2>" in html  # the body's own headings sit below the title
    assert "Wording a council can adopt." in html
    assert "Olivia Office" not in html  # the owner is for staff eyes
    assert html.count("<h1>") == 1


def test_staff_see_the_owner_and_the_staff_tools(client, login_as):
    resource = ResourceFactory(owner=office_author(full_name="Olivia Office"))
    login_as("staff")

    response = client.get(f"/knowledge/{resource.slug}/")

    assert (
        '<dt class="col-sm-3">Owner</dt>\n    <dd class="col-sm-9">Olivia Office</dd>'
        in response.content.decode()
    )
    assert [t.name for t in response.templates].count(
        "knowledge_bank/_partials/resource_staff_tools.html"
    ) == 1


def test_members_get_no_staff_tools(client, login_as):
    resource = ResourceFactory()
    login_as("clerk_a")
    response = client.get(f"/knowledge/{resource.slug}/")
    assert "knowledge_bank/_partials/resource_staff_tools.html" not in [t.name for t in response.templates]
    assert "knowledge_bank/_partials/resource_files.html" in [t.name for t in response.templates]


def test_staff_viewing_a_draft_see_the_draft_banner_and_no_save_button(client, login_as):
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    login_as("staff")

    html = client.get(f"/knowledge/{draft.slug}/").content.decode()

    assert "<strong>Draft:</strong> members cannot see this." in html
    assert "Save this resource" not in html


def test_archived_items_carry_a_notice(client, login_as):
    resource = ResourceFactory()
    resource_update(resource=resource, status=Resource.Status.ARCHIVED)
    login_as("councillor_a")

    html = client.get(f"/knowledge/{resource.slug}/").content.decode()

    assert "<strong>Archived:</strong> this resource is no longer kept up to date" in html
    assert "Draft:" not in html


def test_related_resources_are_visible_ones_from_the_same_hubs(client, login_as, climate):
    resource = ResourceFactory(title="The page", hubs=[climate])
    for day in range(7):
        ResourceFactory(title=f"Neighbour {day}", hubs=[climate], published_at=days_ago(day))
    ResourceFactory(title="Clerks neighbour", hubs=[climate], audience=Resource.Audience.CLERKS)
    ResourceFactory(title="Unrelated")
    login_as("councillor_a")

    response = client.get(f"/knowledge/{resource.slug}/")

    assert [r.title for r in response.context["related"]] == [f"Neighbour {day}" for day in range(5)]


def test_a_signed_out_visitor_is_sent_to_sign_in_and_comes_back(client, people):
    resource = ResourceFactory(slug="members-news", audience=Resource.Audience.MEMBERS)

    response = client.get("/knowledge/members-news/?utm_source=newsletter")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/knowledge/members-news/%3Futm_source%3Dnewsletter"

    sign_in(client, people["councillor_a"])
    assert client.get("/knowledge/members-news/").status_code == 200
    assert resource.title in client.get("/knowledge/members-news/").content.decode()
