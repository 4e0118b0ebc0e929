"""Knowledge bank search: full-text matches ranked on the stored vector, typo
matches on titles, highlighted excerpts, a page at a time.

Every search starts from visibility.listable_resources(user), so drafts and other
audiences' items never reach a result, a count or a headline.

What a search costs, whatever the size of the bank (three queries, in one transaction):
1. a probe: does the text hold any searchable word, and do the words as typed find
   at least a page of resources (the count stops at a page, so it is cheap)?
2. the page of ids, best first, with the exact number of matches (a window count over
   the same index scan the ranking needs anyway). With an empty query the newest items
   come from the listing index one audience at a time, counted only up to BROWSE_COUNT_CAP.
3. the rows on the page with their highlighted excerpts (ts_headline is slow, so it
   runs on at most PAGE_SIZE rows, never on every match) and their hub ids.
An address asking for a page past the end costs two more (count, last page), and a
caller that does not pass the hubs one more.

Typo tolerance: when the words as typed find less than a page, resources whose title is
close to the text by trigram word similarity are added below them, using the
trigram index on UPPER(title)."""

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page
from django.db import connection, transaction
from django.db.models import Case, Count, F, Func, OuterRef, Q, QuerySet, TextField, Value, When, Window
from django.db.models.functions import Concat, Left, Upper

from kalc_portal.pagination import CountedPaginator, requested_page_number
from knowledge_bank import permissions
from knowledge_bank.models import SEARCH_CONFIG, Hub, HubItem, Resource
from knowledge_bank.selectors.tallies import published_tallies
from knowledge_bank.selectors.visibility import listable_resources

PAGE_SIZE = 20
QUERY_MAX_LENGTH = 200
# An empty search lists the newest items; counting every one of them would cost more than
# the page itself, so the count stops here and the page says "more than 1,000".
BROWSE_COUNT_CAP = 1_000
# How close a title must be to the typed text (pg_trgm word similarity, 0 to 1) to count as a
# typo match: "climte" scores 0.57 against "Climate change action plan", "alotments" 0.8.
TITLE_WORD_SIMILARITY = 0.5
# Looser, for suggestions only: "climat chnage" still points at "Climate change".
NEAR_SPELLING_SIMILARITY = 0.3
# ts_rank normalisation 1: divide by 1 + log(document length), so a long document that
# mentions a word many times does not bury a short one about exactly that.
RANK_NORMALISATION = 1

# ts_headline parses and stems the whole text it is given (about as costly as indexing it),
# so excerpts come from the summary and the start of the body: a long legal note costs no
# more to show than a short guide. The body is read as rendered (body_html, tags removed),
# not as its Markdown source, so no "> [Name]" or "- " reaches an excerpt; tags take room,
# so more of the HTML is read than the 600 characters of text the excerpt needs.
HEADLINE_BODY_CHARS = 1200
# A tag, or a tag cut off at the end of what was read.
_HTML_TAG = "<[^>]*(>|$)"

# Marks placed around matched words by ts_headline. Control characters, which are
# removed from the text first, so nothing a person typed can pose as a mark.
_MARK_START = "\x02"
_MARK_STOP = "\x03"
# Markdown punctuation and control characters dropped from the excerpt text.
_HEADLINE_NOISE = "[\x01-\x08\x0b\x0c\x0e-\x1f#*_`~|]+"
_MARKDOWN_LINK = r"\[([^]]*)\]\([^)]*\)"


@dataclass
class SearchResults:
    page: Page
    results: list[Resource]
    query: str
    count: int
    # The count stopped at BROWSE_COUNT_CAP (an empty search over a large bank).
    count_capped: bool = False
    # The text held no searchable word ("the and", punctuation only).
    no_searchable_words: bool = False
    # This page includes titles close to the text that the words as typed did not find.
    includes_close_titles: bool = False
    # Set when the address asked for a page that does not exist (page=abc, page=9999).
    page_notice: str = ""
    # When nothing matched: titles spelled closest to the text, for "Did you mean ...?".
    near_spellings: tuple[str, ...] = ()


def _search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _probe(resources: QuerySet, text: str) -> tuple[bool, int]:
    """(whether the text has a searchable word, how many resources match it as typed, up to a page)."""
    # Raw on purpose (issue 12, section 3): the ORM has no FROM-less SELECT and no way to call
    # set_config, so saying this through it takes three round trips (numnode through an annotated
    # queryset, .count() on the sample, and still a cursor for set_config). Measured in-process on
    # 3,000 seeded resources (2026-12-02, 600 probes each, twice): this one query 0.63-0.71 ms,
    # the ORM version 4.5-4.6 ms, on every search. The SQL below only wraps the ORM's own sample.
    sample = resources.filter(search_vector=_search_query(text)).order_by().values("pk")[:PAGE_SIZE]
    sample_sql, sample_params = sample.query.sql_with_params()
    # The sample's SQL is the ORM's own, compiled with its parameters kept apart.
    counted = f"(SELECT COUNT(*) FROM ({sample_sql}) AS sample)"  # noqa: S608
    # The same round trip sets the threshold of the %> operator the typo pass uses (pg_trgm's
    # default, 0.6, misses "climte" for "climate"), for this transaction only: the search runs
    # in one, so the setting holds for its queries and never leaks into other code.
    probe_sql = (
        "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)), "
        f"{counted}, set_config('pg_trgm.word_similarity_threshold', %s, true)"
    )
    with connection.cursor() as cursor:
        cursor.execute(probe_sql, [SEARCH_CONFIG, text, *sample_params, str(TITLE_WORD_SIMILARITY)])
        lexemes, matches, _ = cursor.fetchone()
    return lexemes > 0, matches


def _plain_words(text: str) -> bool:
    """No phrase, exclusion or "or" syntax: the typo pass would ignore what they ask for."""
    return '"' not in text and not any(word.startswith("-") or word.lower() == "or" for word in text.split())


def _ranked(resources: QuerySet, text: str, *, close_titles: bool) -> tuple[QuerySet, QuerySet]:
    """(the matching resources, their (id, number of matches, matched as typed) best first)."""
    query = _search_query(text)
    matches = Q(search_vector=query)
    ordering = ["-rank", "-published_at", "-pk"]
    if close_titles:
        title_text = " ".join(text.split()).upper()
        matches |= Q(TrigramWordSimilar(Upper("title"), title_text))
        resources = resources.annotate(
            words_match=Case(When(search_vector=query, then=Value(True)), default=Value(False)),
            title_similarity=TrigramWordSimilarity(Value(title_text), Upper("title")),
        )
        # Every match on the words as typed comes before any match on a close title.
        ordering = ["-words_match", "-rank", "-title_similarity", "-published_at", "-pk"]
    matching = resources.filter(matches)
    return matching, (
        matching.annotate(
            rank=SearchRank(F("search_vector"), query, normalization=Value(RANK_NORMALISATION)),
            total=Window(Count("*")),
        )
        .order_by(*ordering)
        .values_list("pk", "total", "words_match" if close_titles else Value(True))
    )


def _newest_ids(resources: QuerySet, audiences, *, offset: int) -> list[int]:
    # One ordered scan of the (status, audience, -published_at) index per audience, merged:
    # ordering the whole bank by date would sort every visible row for each page.
    newest_first = resources.order_by("-published_at", "-pk").values_list("pk", "published_at")
    branches = [newest_first.filter(audience=audience)[: offset + PAGE_SIZE] for audience in audiences]
    if len(branches) == 1:
        return [pk for pk, _ in branches[0][offset:]]
    merged = branches[0].union(*branches[1:], all=True).order_by("-published_at", "-pk")
    return [pk for pk, _ in merged[offset : offset + PAGE_SIZE]]


def _browse_count(resources: QuerySet) -> tuple[int, bool]:
    counted = resources.order_by().values("pk")[: BROWSE_COUNT_CAP + 1].count()
    return min(counted, BROWSE_COUNT_CAP), counted > BROWSE_COUNT_CAP


def _headline_parts(raw: str) -> list[tuple[str, bool]]:
    """The excerpt as (text, marked) pieces: the template escapes the text and writes <mark>
    around the words ts_headline marked."""
    parts, marked = [], False
    for piece in re.split(f"([{_MARK_START}{_MARK_STOP}])", raw or ""):
        if piece in (_MARK_START, _MARK_STOP):
            marked = piece == _MARK_START
        elif piece:
            # The body was read as HTML: its entities (&amp;, &#x27;) become the characters
            # they stand for, which the template escapes again.
            parts.append((html.unescape(piece), marked))
    return parts


def _rows(ids: list[int], text: str, hubs_by_id: Mapping[int, Hub] | None) -> list[Resource]:
    if not ids:
        return []
    # No ORDER BY: the rows come back in the ranked order of `ids` below.
    rows = Resource.objects.filter(pk__in=ids).order_by()
    rows = rows.only("title", "slug", "kind", "audience", "summary", "published_at")
    rows = rows.annotate(
        hub_ids=ArraySubquery(HubItem.objects.filter(resource=OuterRef("pk")).order_by().values("hub_id"))
    )
    if text:
        body_text = Func(
            Left("body_html", HEADLINE_BODY_CHARS),
            Value(_HTML_TAG),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        plain = Func(
            Func(
                Concat("summary", Value("\n"), body_text, output_field=TextField()),
                Value(_MARKDOWN_LINK),
                Value(r"\1"),
                Value("g"),
                function="regexp_replace",
            ),
            Value(_HEADLINE_NOISE),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        rows = rows.annotate(
            headline=SearchHeadline(
                plain,
                _search_query(text),
                config=SEARCH_CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    by_id = {row.pk: row for row in rows}
    ordered = [by_id[pk] for pk in ids if pk in by_id]
    if hubs_by_id is None:
        hubs_by_id = Hub.objects.in_bulk({hub_id for row in ordered for hub_id in row.hub_ids})
    for row in ordered:
        row.headline_parts = _headline_parts(row.headline) if text else []
        row.result_hubs = sorted(
            (hubs_by_id[hub_id] for hub_id in row.hub_ids if hub_id in hubs_by_id),
            key=lambda hub: (hub.position, hub.name),
        )
    return ordered


def search_resources(
    user,
    *,
    query: str = "",
    narrow: Callable[[QuerySet], QuerySet] | None = None,
    page: object = 1,
    hubs_by_id: Mapping[int, Hub] | None = None,
    browse_total: int | None = None,
) -> SearchResults:
    """One page of the resources this person may see that match `query` (best first) or,
    with no query, the newest; `narrow` applies the hub/kind/topic filters. Pass the hubs
    when the caller already has them (the filter list does) to save a query, and
    `browse_total` (tallied_browse_total()) when the filters leave a number the tallies know."""
    # One transaction: the count, the page and its rows come from the same snapshot, and
    # the probe's trigram threshold applies to exactly these queries. (No savepoint inside
    # a caller's transaction: these are reads, and a savepoint would cost two round trips.)
    with transaction.atomic(savepoint=False):
        return _search(
            user, query=query, narrow=narrow, page=page, hubs_by_id=hubs_by_id, browse_total=browse_total
        )


def tallied_browse_total(user, *, hub: Hub | None, kind: str, topic: str) -> int | None:
    """How many resources an empty search with these filters lists, from the cached tallies
    (no COUNT over a hub's or a kind's rows); None when a topic is chosen (not tallied)."""
    if topic:
        return None
    tallies = published_tallies()
    audiences = permissions.visible_audiences(user)
    if hub is not None:
        return tallies.hub_total(hub.pk, audiences, kind=kind)
    return tallies.total(audiences, kind=kind)


def _search(user, *, query, narrow, page, hubs_by_id, browse_total) -> SearchResults:
    text = " ".join((query or "").split())[:QUERY_MAX_LENGTH]
    resources = listable_resources(user)
    if narrow is not None:
        resources = narrow(resources)
    requested = requested_page_number(page)
    number = requested or 1
    notice = "" if requested is not None or page in (None, "", 1) else "That page does not exist"

    searchable, close_titles, count_capped = True, False, False
    if text:
        searchable, typed_matches = _probe(resources, text)
        if not searchable:
            return _empty(text, no_searchable_words=True)
        close_titles = typed_matches < PAGE_SIZE and _plain_words(text)
        matching, ranked = _ranked(resources, text, close_titles=close_titles)
        page_rows = list(ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
        if not page_rows and number > 1:
            total = matching.order_by().count()
            number = max(1, -(-total // PAGE_SIZE))
            notice = "That page does not exist"
            page_rows = list(ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]) if total else []
        total = page_rows[0][1] if page_rows else 0
        ids = [pk for pk, _, _ in page_rows]
        close_titles = any(not words_match for _, _, words_match in page_rows)
    else:
        if browse_total is None:
            total, count_capped = _browse_count(resources)
        else:
            total = browse_total
        last_page = max(1, -(-total // PAGE_SIZE))
        if number > last_page:
            number, notice = last_page, "That page does not exist"
        audiences = permissions.visible_audiences(user)
        ids = _newest_ids(resources, audiences, offset=(number - 1) * PAGE_SIZE) if total else []

    paginator = CountedPaginator((), PAGE_SIZE, count=total)
    results = _rows(ids, text, hubs_by_id)
    result_page = Page(results, number, paginator)
    if notice:
        notice = f"{notice}, so this is page {number} of {paginator.num_pages}."
    return SearchResults(
        page=result_page,
        results=results,
        query=text,
        count=total,
        count_capped=count_capped,
        no_searchable_words=not searchable,
        includes_close_titles=close_titles,
        page_notice=notice,
        near_spellings=_near_spellings(resources, text) if text and searchable and not total else (),
    )


def _near_spellings(resources: QuerySet, text: str) -> tuple[str, ...]:
    """Up to three titles the reader may have meant, by pg_trgm word similarity at a looser
    threshold than the typo pass. Only a search that found nothing pays for this scan."""
    similar = resources.annotate(similarity=TrigramWordSimilarity(Value(text.upper()), Upper("title")))
    titles = similar.filter(similarity__gte=NEAR_SPELLING_SIMILARITY).order_by("-similarity", "title")
    return tuple(dict.fromkeys(titles.values_list("title", flat=True)[:3]))


def _empty(text: str, **flags) -> SearchResults:
    paginator = CountedPaginator((), PAGE_SIZE, count=0)
    return SearchResults(page=Page([], 1, paginator), results=[], query=text, count=0, **flags)
