"""The key pages whose query counts and latency we watch (tests/test_query_scaling.py
and bench/run.py). Each app adds its list, detail and search pages here."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class KeyPage:
    label: str
    url_name: str
    query: str = ""
    who: str = "clerk"  # "clerk", "office" or "anonymous"
    needs_council: bool = False  # the URL takes the clerk's council slug
    # Otherwise, the URL's arguments, worked out from the database when the page is measured.
    args: Callable[[], list] | None = field(default=None, compare=False)
    # Held to the latency targets (median 3x, p95 5x the floor). Only Django's own admin
    # pages are not: their markup comes from Django's admin templates, which alone cost
    # several floors. They are still measured and held to the query targets.
    latency_target: bool = True


def _climate_hub() -> list:
    return ["climate-change"]


def _busiest_members_resource() -> list:
    """A published members' resource in the climate change hub: the kind of page a clerk opens."""
    from knowledge_bank.models import Resource

    resource = (
        Resource.objects.published()
        .filter(audience=Resource.Audience.MEMBERS, hubs__slug="climate-change")
        .order_by("-published_at")
        .values_list("slug", flat=True)
        .first()
    )
    return [resource] if resource else []


KEY_PAGES = [
    KeyPage("Home", "home"),
    KeyPage("My KALC", "members:my_kalc"),
    KeyPage("Council directory search", "members:council_directory", "?q=sandwitch"),
    KeyPage("Council directory, district filter", "members:council_directory", "?district=Dover"),
    KeyPage("Council overview", "members:council_detail", needs_council=True),
    KeyPage("Council people", "members:council_people", needs_council=True),
    KeyPage("Find your council (public)", "members:find_your_council", "?q=ashton", who="anonymous"),
    KeyPage("Area committees", "members:area_committee_list"),
    KeyPage("Partners", "members:partner_list"),
    KeyPage("Key contacts", "members:key_contacts"),
    KeyPage("My feedback", "members:feedback_mine"),
    KeyPage("Access request queue (staff)", "members:access_queue", who="office"),
    KeyPage("Feedback queue (staff)", "members:feedback_queue", who="office"),
    KeyPage(
        "Admin council list (staff)", "admin:members_council_changelist", who="office", latency_target=False
    ),
    KeyPage("Knowledge bank home", "knowledge_bank:home"),
    KeyPage("Knowledge search", "knowledge_bank:search", "?q=climate+change"),
    KeyPage("Knowledge search, typo", "knowledge_bank:search", "?q=climte+change"),
    KeyPage("Knowledge search, hub + kind", "knowledge_bank:search", "?hub=climate-change&kind=guide"),
    KeyPage("Knowledge hub", "knowledge_bank:hub", args=_climate_hub),
    KeyPage("Knowledge resource", "knowledge_bank:resource", args=_busiest_members_resource),
    KeyPage("What's new", "knowledge_bank:whats_new"),
    KeyPage("My saved items", "knowledge_bank:saved"),
    KeyPage("Knowledge feed (public)", "knowledge_bank:feed", who="anonymous"),
    KeyPage("Knowledge review board (staff)", "knowledge_bank:review_board", who="office"),
]


def resolve(page: KeyPage, council_slug: str) -> str | None:
    """The page's path, or None when this build has no such page yet."""
    if page.needs_council:
        args = [council_slug]
    elif page.args is not None:
        args = page.args()
        if not args:
            return None  # no such data in this database
    else:
        args = []
    try:
        return reverse(page.url_name, args=args) + page.query
    except NoReverseMatch:
        return None
