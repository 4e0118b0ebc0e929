"""URLs reversed once per process instead of once per {% url %} tag:

    {% fixed_url 'members:partner_list' %}                  a page without arguments
    {% slug_url 'members:council_invite' council.slug %}    a page whose one argument is a slug

Each writes exactly what {% url %} writes; a {% url %} costs 40-60 microseconds (the
resolver's reverse machinery), and My KALC has a dozen and a half of them, the clerk's pages
five or six, the Partners page one a partner. The patterns cannot change while the process
runs, except through the URL conf and script prefix, which are part of the cache key."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

_SLUG_MARKER = "slug-marker"
# (URL conf, script prefix, view name) -> the URL
_fixed_urls: dict[tuple[str, str, str], str] = {}
# (URL conf, script prefix, view name) -> the URL's text before and after the slug, or None
# when this build has no such page.
_slug_url_parts: dict[tuple[str, str, str], tuple[str, str] | None] = {}


def _key(view_name: str) -> tuple[str, str, str]:
    return (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix(), view_name)


@register.simple_tag
def fixed_url(view_name: str) -> str:
    """As {% url view_name %}; NoReverseMatch if there is no such page, as {% url %} raises."""
    key = _key(view_name)
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(view_name)
    return url


@register.simple_tag
def slug_url(view_name: str, slug: str) -> str:
    """As {% url view_name slug %}, or "" when this build has no such page (as `{% url ... as x %}`)."""
    key = _key(view_name)
    if key not in _slug_url_parts:
        try:
            before, after = reverse(view_name, args=[_SLUG_MARKER]).split(_SLUG_MARKER)
        except NoReverseMatch:
            _slug_url_parts[key] = None
        else:
            _slug_url_parts[key] = (before, after)
    parts = _slug_url_parts[key]
    if parts is None:
        return ""
    # reverse() percent-encodes its arguments, keeping these characters.
    return f"{parts[0]}{quote(str(slug), safe="!$&'()*+,;=/~:@")}{parts[1]}"
