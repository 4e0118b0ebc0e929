"""Markdown to safe HTML, once at save time (services store the result).

markdown-it-py parses CommonMark with raw HTML switched off (typed HTML shows as
text), then nh3 (Ammonia) keeps only an allow-list of tags, attributes and URL
schemes: no <script>, no on* handlers, no javascript: links, whatever the input."""

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _demote_headings(tokens) -> None:
    # The page's <h1> is the resource title, so a "# Heading" in the body becomes <h2>.
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown body (safe to mark safe in templates)."""
    tokens = _markdown.parse(text or "")
    _demote_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Video and audio hosts we embed, and the privacy-enhanced player URL for each.
def embed_player_url(url: str) -> str | None:
    """The iframe URL for a YouTube or Vimeo link, or None for anything else."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parts.scheme not in ("http", "https"):
        return None
    if host == "youtu.be":
        video = parts.path.strip("/").split("/")[0]
    elif host == "youtube.com":
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        video = query.get("v") or (parts.path.split("/embed/")[-1] if "/embed/" in parts.path else "")
    elif host == "vimeo.com":
        video = parts.path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{video}?dnt=1" if video.isdigit() else None
    else:
        return None
    video = video.split("?")[0]
    if not video or not all(ch.isalnum() or ch in "-_" for ch in video):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video}"


EMBED_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
