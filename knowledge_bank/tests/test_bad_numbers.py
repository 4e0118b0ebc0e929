"""Input in addresses and headers that once reached a 500: page numbers past a
PostgreSQL bigint, other scripts' digits, a Range header of thousands of digits, and a
"next" that is not a path of this site."""

import pytest

from knowledge_bank.models import Download, Resource
from knowledge_bank.selectors.search import PAGE_SIZE
from knowledge_bank.tests.factories import ResourceFactory
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    resource_with_versions,
    version_bytes,
)

pytestmark = pytest.mark.django_db

HUGE_PAGES = ["9223372036854775807", "99999999999999999999", "9" * 5000, "²", "١٢", "1_0"]


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("query", ["council", ""])
def test_search_pages_past_a_bigint_show_a_real_page(client, page, query):
    for n in range(PAGE_SIZE + 1):
        ResourceFactory(audience=Resource.Audience.PUBLIC, title=f"Parish council guide {n}")

    response = client.get("/knowledge/search/", {"q": query, "page": page})

    assert response.status_code == 200
    results = response.context["results"]
    # Too large a number is a page past the end (the last page); not a number is page 1.
    assert results.page.number == (2 if page.isascii() and page.isdigit() and len(page) < 64 else 1)
    assert "That page does not exist, so this is page" in response.content.decode()


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_whats_new_and_the_review_board_survive_huge_pages(client, people, login_as, page):
    ResourceFactory(audience=Resource.Audience.PUBLIC, title="Allotments guide")
    assert client.get("/knowledge/new/", {"page": page}).status_code == 200
    login_as("staff")
    assert client.get("/knowledge/review/", {"page": page}).status_code == 200
    assert client.get("/knowledge/saved/", {"page": page}).status_code == 200


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-" + "9" * 5000, 206),  # the end is past the file's end: up to the last byte
        ("bytes=" + "9" * 5000 + "-", 416),  # the start is past the end
        ("bytes=-" + "9" * 5000, 206),  # the last "many" bytes are the whole file
        ("bytes=0-99999999999999999999", 206),
        ("bytes=١-٢", 200),  # not ASCII digits: not a range we understand, so the whole file
        ("bytes=²-", 200),
    ],
)
def test_range_headers_with_enormous_numbers_are_answered(client, people, login_as, header, expected):
    resource = resource_with_versions(people["staff"], 1, extension="mp3", kind=Resource.Kind.PODCAST)
    content = version_bytes(resource.versions.get())
    login_as("councillor_a")

    response = client.get(f"/knowledge/{resource.slug}/download/?inline=1", headers={"range": header})

    assert response.status_code == expected
    if expected == 206:
        assert response["Content-Range"] == f"bytes 0-{len(content) - 1}/{len(content)}"
        assert b"".join(response.streaming_content) == content
    elif expected == 416:
        assert response["Content-Range"] == f"bytes */{len(content)}"
    else:
        assert b"".join(response.streaming_content) == content
    assert not Download.objects.exists()


@pytest.mark.parametrize(
    "target", ["²", "home", "knowledge_bank:home", "//evil.example/", "https://evil.example/"]
)
def test_a_next_that_is_not_a_path_here_goes_back_to_the_review_board(client, people, login_as, target):
    resource = ResourceFactory(audience=Resource.Audience.PUBLIC, title="Allotments guide")
    login_as("staff")

    response = client.post(f"/knowledge/{resource.slug}/reviewed/", {"note": "", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/knowledge/review/"
