"""The search page: matching, ranking, typos, filters, highlighting, paging and bad input."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge_bank.models import Resource
from knowledge_bank.selectors.search import PAGE_SIZE, search_resources
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/knowledge/search/"


def titles(response) -> list[str]:
    return [resource.title for resource in response.context["results"].results]


def public(**kwargs):
    return ResourceFactory(audience=Resource.Audience.PUBLIC, **kwargs)


def test_search_url_is_named():
    assert reverse("knowledge_bank:search") == SEARCH
    assert reverse("knowledge_bank:feed") == "/knowledge/feed/"
    assert reverse("knowledge_bank:feed_atom") == "/knowledge/feed/atom/"


def test_finds_words_in_the_title_the_summary_and_the_body(client):
    public(title="Cemetery management guide", summary="Running a burial ground.", body="Fees and records.")
    public(title="Meetings guide", summary="Precept setting explained.", body="Agendas.")
    public(title="Finance guide", summary="Money.", body="How to reclaim VAT on hall repairs.")

    assert titles(client.get(SEARCH, {"q": "cemetery"})) == ["Cemetery management guide"]
    assert titles(client.get(SEARCH, {"q": "precept"})) == ["Meetings guide"]
    assert titles(client.get(SEARCH, {"q": "reclaim vat"})) == ["Finance guide"]
    # Stemming: "cemeteries" finds "cemetery", "burial" finds "burial ground".
    assert titles(client.get(SEARCH, {"q": "cemeteries"})) == ["Cemetery management guide"]


def test_a_title_match_ranks_above_a_body_match(client):
    title_match = public(title="Allotments", summary="Tenancy agreements.", body="Rents and plots.")
    public(
        title="Village matters",
        summary="News round-up.",
        body="Allotments came up, then allotments again, and allotments once more.",
    )
    # Newer resources win ties, so an older title match proves the rank decides.
    Resource.objects.filter(pk=title_match.pk).update(
        published_at=title_match.published_at.replace(year=2019)
    )

    assert titles(client.get(SEARCH, {"q": "allotments"})) == ["Allotments", "Village matters"]


def test_equal_ranks_list_the_newest_first(client):
    older = public(title="Speed watch toolkit", body="Same text.")
    newer = public(title="Speed watch toolkit", body="Same text.")
    Resource.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2020))

    results = client.get(SEARCH, {"q": "speed watch"}).context["results"].results
    assert [resource.pk for resource in results] == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "typed", ["climte", "climate chnage", "climte change acton plan", "CLIMTE CHANGE", "climat chnge"]
)
def test_typos_still_find_titles(client, typed):
    public(title="Climate change action plan", summary="Next steps after a declaration.", body="Carbon.")
    public(title="Cemetery fees", summary="Burial charges.", body="Plots.")

    response = client.get(SEARCH, {"q": typed})

    assert titles(response) == ["Climate change action plan"]
    assert "close to what you typed" in response.content.decode()


def test_alotments_finds_allotments(client):
    public(title="Allotments: a guide for clerks", body="Plots.")
    assert titles(client.get(SEARCH, {"q": "alotments"})) == ["Allotments: a guide for clerks"]


def test_matches_on_the_words_as_typed_come_before_typo_matches_on_titles(client):
    public(title="Climate change action plan", body="Carbon.")
    public(title="Spelling howlers", body="Our favourite: climte, for climate.")

    assert titles(client.get(SEARCH, {"q": "climte"})) == ["Spelling howlers", "Climate change action plan"]


def test_filters_by_hub_kind_and_topic(client):
    climate = HubFactory(name="Climate change", slug="climate-change")
    transport = HubFactory(name="Community transport", slug="community-transport")
    funding = TopicFactory(name="Funding")
    public(title="Climate grants guide", kind="guide", hubs=[climate], topics=[funding])
    public(title="Climate declaration template", kind="template", hubs=[climate])
    public(title="Minibus grants guide", kind="guide", hubs=[transport], topics=[funding])

    def found(**params):
        return sorted(titles(client.get(SEARCH, params)))

    assert found(q="grants") == ["Climate grants guide", "Minibus grants guide"]
    assert found(q="grants", hub="climate-change") == ["Climate grants guide"]
    assert found(hub="climate-change") == ["Climate declaration template", "Climate grants guide"]
    assert found(kind="template") == ["Climate declaration template"]
    assert found(topic="funding") == ["Climate grants guide", "Minibus grants guide"]
    assert found(topic="funding", hub="community-transport", kind="guide") == ["Minibus grants guide"]
    assert found(q="declaration", kind="guide") == []

    page = client.get(SEARCH, {"hub": "climate-change"}).content.decode()
    assert '<option value="climate-change" selected>Climate change</option>' in page
    assert '<option value="template">Template</option>' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "spreadsheet"}, "Choose a kind of resource from the list."),
        ({"hub": "no-such-hub"}, "Choose a hub from the list."),
        ({"topic": "no-such-topic", "q": "allotments"}, "Choose a topic from the list."),
        ({"q": "allotments " * 50}, "Enter a search of 200 characters or fewer"),
        ({"q": "allot\x00ments"}, "without special control characters"),
    ],
)
def test_bad_filters_and_queries_get_a_clear_message(client, params, message):
    public(title="Allotments guide")

    response = client.get(SEARCH, params)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert response.context["results"] is None


def test_several_problems_share_one_summary_and_keep_what_was_typed(client):
    response = client.get(SEARCH, {"q": "x" * 300, "kind": "spreadsheet", "hub": "gone"})

    page = response.content.decode()
    assert page.count("There is a problem") == 1
    assert page.count('id="error-summary-title-search"') == 1
    assert 'href="#id_q">Search for: Enter a search of 200 characters' in page
    assert 'href="#id_kind">Kind of resource: Choose a kind of resource from the list.' in page
    assert 'href="#id_hub">Hub: Choose a hub from the list.' in page
    assert 'value="' + "x" * 300 + '"' in page


@pytest.mark.parametrize(
    "query", ["&&& !!", "'", '"', "!", "-", "or", "the and of", "(", ")", "<>", "a:*", "\\", "%", "::"]
)
def test_punctuation_and_stop_words_give_a_helpful_empty_result(client, query):
    public(title="The allotments guide")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    results = response.context["results"]
    assert results.count == 0 and results.results == []
    assert "nothing to search for" in response.content.decode()


@pytest.mark.parametrize(
    "query", ['"code of conduct"', "code -policy", "code or conduct", "conduct*", "code:"]
)
def test_search_syntax_never_errors(client, query):
    public(title="Model code of conduct", body="Adopting the code.")
    public(title="Model code of conduct policy", body="The policy.")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert "Model code of conduct" in titles(response)


def test_phrases_and_exclusions_are_respected_and_skip_the_typo_pass(client):
    public(title="Code of conduct", body="x")
    public(title="Conduct a code review", body="x")
    public(title="Code of conduct policy", body="x")
    assert titles(client.get(SEARCH, {"q": '"code of conduct"'})) == [
        "Code of conduct",
        "Code of conduct policy",
    ]
    assert sorted(titles(client.get(SEARCH, {"q": "code -policy"}))) == [
        "Code of conduct",
        "Conduct a code review",
    ]


def test_results_show_title_link_kind_hubs_date_and_highlight(client):
    hub = HubFactory(name="Rural agenda", slug="rural-agenda")
    resource = public(
        title="Rural broadband vouchers",
        kind="briefing",
        summary="Gigabit vouchers for rural parishes.",
        body="Apply for broadband vouchers before March.",
        hubs=[hub],
    )

    page = client.get(SEARCH, {"q": "broadband"}).content.decode()

    assert (
        f'href="{reverse("knowledge_bank:resource", args=[resource.slug])}">Rural broadband vouchers</a>'
        in page
    )
    assert "Briefing" in page
    assert 'href="/knowledge/hubs/rural-agenda/">Rural agenda</a>' in page
    assert timezone.localtime(resource.published_at).strftime("%-d %B %Y") in page
    assert "<mark>broadband</mark>" in page
    assert "1 result for “broadband”" in page


def test_the_highlight_is_escaped_text_with_only_mark_tags(client):
    public(
        title="Allotment rules",
        summary="Allotments <b>bold</b> & friends",
        body="Allotments <script>alert(1)</script> and <img src=x onerror=alert(2)> [a link](javascript:x) "
        "\x02injected\x03 text about allotments.",
    )

    response = client.get(SEARCH, {"q": "allotments"})
    page = response.content.decode()
    headline = re.search(r'<p class="mb-0 search-headline">(.*?)</p>', page, re.S).group(1)

    assert "<mark>Allotments</mark>" in headline
    tags = set(re.findall(r"</?([a-zA-Z]+)", headline))
    assert tags == {"mark"}
    # ts_headline drops what looks like a tag; anything else comes through as escaped text.
    assert "bold" in headline and "<b>" not in headline and "&amp; friends" in headline
    assert "&lt;img src=x onerror=alert(2)&gt;" in headline
    assert "<mark>injected</mark>" not in headline
    assert "<script>alert" not in page and "<img" not in page and "javascript:" not in headline
    assert "<b>bold</b>" not in page


def test_an_empty_search_lists_the_newest_with_a_prompt(client):
    first = public(title="Older guide")
    second = public(title="Newer guide")
    Resource.objects.filter(pk=first.pk).update(published_at=second.published_at.replace(year=2021))

    response = client.get(SEARCH)

    assert response.status_code == 200
    assert titles(response) == ["Newer guide", "Older guide"]
    page = response.content.decode()
    assert "Newest resources" in page and "2 resources, newest first." in page
    assert "A few words work best" in page


def test_browsing_by_hub_or_kind_counts_exactly_from_the_tallies(client, monkeypatch):
    monkeypatch.setattr("knowledge_bank.selectors.search.BROWSE_COUNT_CAP", 3)
    hub = HubFactory(name="Communications", slug="communications")
    for n in range(5):
        public(title=f"Guide {n}", hubs=[hub])
    public(title="A toolkit", kind=Resource.Kind.TOOLKIT, hubs=[hub])
    ResourceFactory(title="Members' guide", hubs=[hub])  # not for the public

    everything = client.get(SEARCH)
    hub_guides = client.get(SEARCH, {"hub": "communications", "kind": "guide"})

    assert not everything.context["results"].count_capped
    assert "6 resources, newest first." in everything.content.decode()
    assert hub_guides.context["results"].count == 5 and len(titles(hub_guides)) == 5


def test_a_topic_browse_count_is_capped_honestly(client, monkeypatch):
    """Topics are not tallied: counting stops at the cap, and the page says so."""
    monkeypatch.setattr("knowledge_bank.selectors.search.BROWSE_COUNT_CAP", 3)
    funding = TopicFactory(name="Funding")
    for n in range(5):
        public(title=f"Guide {n}", topics=[funding])

    response = client.get(SEARCH, {"topic": funding.slug})

    assert response.context["results"].count_capped
    assert "More than 3 resources" in response.content.decode()


def test_pages_of_twenty_keep_the_search_and_filters(client):
    hub = HubFactory(name="Communications", slug="communications")
    for n in range(PAGE_SIZE + 5):
        public(title=f"Social media guide {n}", hubs=[hub])

    first = client.get(SEARCH, {"q": "social media", "hub": "communications"})
    second = client.get(SEARCH, {"q": "social media", "hub": "communications", "page": "2"})

    assert len(titles(first)) == PAGE_SIZE and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert "25 results for “social media” with your filters" in first.content.decode()
    assert 'href="?q=social+media&amp;hub=communications&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("abc", 1, True),
        ("9999", 2, True),
        ("0", 1, True),
        ("-3", 1, True),
        ("2", 2, False),
        ("", 1, False),
        ("1.5", 1, True),
    ],
)
@pytest.mark.parametrize("query", ["guide", ""])
def test_pages_that_do_not_exist_show_a_real_page_with_a_notice(client, page, shown, notice, query):
    for n in range(PAGE_SIZE + 1):
        public(title=f"Parish guide {n}")

    response = client.get(SEARCH, {"q": query, "page": page})

    assert response.status_code == 200
    results = response.context["results"]
    assert results.page.number == shown
    assert len(results.results) == (PAGE_SIZE if shown == 1 else 1)
    assert ("That page does not exist, so this is page" in response.content.decode()) is notice


def test_a_page_number_with_no_results_at_all_is_fine(client):
    response = client.get(SEARCH, {"q": "nothing matches this", "page": "7"})
    assert response.status_code == 200
    assert response.context["results"].count == 0
    assert "No resources match “nothing matches this”" in response.content.decode()


def test_the_search_page_advertises_the_feeds(client):
    page = client.get(SEARCH).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/knowledge/feed/"' in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert page.count("<h1") == 1


def test_the_selector_trims_long_text_and_sees_only_public_items_for_nobody():
    public(title="Allotments guide")
    ResourceFactory(title="Allotments members guide", audience=Resource.Audience.MEMBERS)
    assert search_resources(None, query="allotments " + "x" * 1000).query == "allotments " + "x" * 189
    assert [r.title for r in search_resources(None, query="allotments").results] == ["Allotments guide"]
