"""The Markdown preview staff use in the admin: POST only, CSRF-protected, and it
returns exactly the sanitised fragment the resource page will show."""

import pytest
from django.test import Client

from knowledge_bank.rendering import render_markdown
from knowledge_bank.views.authoring import MAX_PREVIEW_CHARS
from members.tests.factories import sign_in, staff_user

pytestmark = pytest.mark.django_db

PREVIEW = "/knowledge/preview/"


@pytest.fixture
def staff_client(client):
    sign_in(client, staff_user())
    return client


def test_preview_returns_the_sanitised_fragment_as_html(staff_client):
    markdown = (
        "# Emergency plan\n\nSee [the guide](https://example.org/guide) and "
        "[this](javascript:alert(1)).\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"
    )

    response = staff_client.post(PREVIEW, {"markdown": markdown})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html == render_markdown(markdown)
    assert "<h2>Emergency plan</h2>" in html  # the page's own <h1> is the title
    assert '<a href="https://example.org/guide" rel="noopener noreferrer">the guide</a>' in html
    assert "<script" not in html and "<img" not in html and 'href="javascript:' not in html


def test_empty_text_previews_as_nothing(staff_client):
    response = staff_client.post(PREVIEW, {})
    assert response.status_code == 200 and response.content == b""


def test_text_over_the_limit_is_refused_with_a_message(staff_client):
    response = staff_client.post(PREVIEW, {"markdown": "a" * (MAX_PREVIEW_CHARS + 1)})
    assert response.status_code == 400
    assert "too long to preview" in response.content.decode()


def test_preview_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    sign_in(client, staff_user())
    page = client.get("/admin/knowledge_bank/resource/add/")
    token = page.context["csrf_token"]

    assert client.post(PREVIEW, {"markdown": "*hi*"}).status_code == 403
    response = client.post(PREVIEW, {"markdown": "*hi*"}, headers={"X-CSRFToken": str(token)})
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p><em>hi</em></p>"
