"""The key pages whose query counts and latency we watch (tests/test_query_scaling.py
and bench/run.py). Each app adds its list, detail and search pages here."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class KeyPage:
    label: str
    url_name: str
    query: str = ""
    who: str = "clerk"  # "clerk", "office" or "anonymous"
    needs_council: bool = False  # the URL takes the clerk's council slug


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
    KeyPage("Admin council list (staff)", "admin:members_council_changelist", who="office"),
]


def resolve(page: KeyPage, council_slug: str) -> str | None:
    """The page's path, or None when this build has no such page yet."""
    try:
        return reverse(page.url_name, args=[council_slug] if page.needs_council else []) + page.query
    except NoReverseMatch:
        return None
