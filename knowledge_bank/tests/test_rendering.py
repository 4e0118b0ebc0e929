from html.parser import HTMLParser

import pytest

from knowledge_bank.rendering import embed_player_url, render_markdown


class _ActiveParts(HTMLParser):
    """Collects everything in rendered HTML that a browser could run or load."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "img", "svg", "object", "embed", "style", "form", "input"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "src", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            safe_schemes = ("https:", "http:", "mailto:", "tel:")
            if name == "href" and not (value or "").lower().startswith(safe_schemes):
                self.found.append(f"{tag}[href={value}]")


@pytest.mark.parametrize(
    "markdown",
    [
        "Hello <script>alert('x')</script>",
        "[click me](javascript:alert(1))",
        "[click me](JaVaScRiPt:alert(1))",
        "[click me](  javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        '<img src="x" onerror="alert(1)">',
        '![logo](x "onerror=alert(1)")',
        '<a href="https://kalc.org.uk" onclick="steal()">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<svg onload="alert(1)"></svg>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "[ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_markdown_renders_scripts_handlers_and_bad_links_inert(markdown):
    parser = _ActiveParts()
    parser.feed(render_markdown(markdown))
    assert parser.found == []


def test_typed_html_is_shown_as_text_not_dropped():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in render_markdown("<script>alert(1)</script>")


def test_markdown_keeps_the_formatting_people_use():
    html = render_markdown(
        "# Model policy\n\nSee **section 2** and [the Act](https://www.legislation.gov.uk/).\n\n"
        "- one\n- two\n\n| Item | Cost |\n|---|---|\n| Bins | £40 |\n\n[Email us](mailto:office@kalc.org.uk)"
    )
    assert "<h2>Model policy</h2>" in html  # the page's h1 is the title
    assert "<strong>section 2</strong>" in html
    assert 'href="https://www.legislation.gov.uk/"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<li>one</li>" in html
    assert "<table>" in html and "<td>£40</td>" in html
    assert 'href="mailto:office@kalc.org.uk"' in html


@pytest.mark.parametrize(
    "url, player",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://evil.example/watch?v=abc", None),
        ("javascript:alert(1)", None),
        ('https://www.youtube.com/watch?v=abc"><script>', None),
        ("", None),
    ],
)
def test_only_known_video_hosts_are_embedded(url, player):
    assert embed_player_url(url) == player
