"""Markdown to safe HTML, once at save time (services store the result). Shared by every
app that stores Markdown (the knowledge bank, training events...).

markdown-it-py parses CommonMark with raw HTML switched off (typed HTML shows as
text), then nh3 (Ammonia) keeps only an allow-list of tags, attributes and URL
schemes: no <script>, no on* handlers, no javascript: links, whatever the input."""

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
    # The page's <h1> is the item's title, so a "# Heading" in the body becomes <h2>.
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
