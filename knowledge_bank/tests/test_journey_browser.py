"""The issue's journey: a clerk searches "climate", opens the climate change hub's
template and downloads it, in headless Chromium with axe-core on every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from knowledge_bank.models import Download, Resource
from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import PositionFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE_TITLE = "Model climate emergency declaration"


def test_a_clerk_searches_climate_opens_the_hub_template_and_downloads_it(browser_page, axe, tmp_path):
    staff_user(full_name="Olivia Office")
    call_command("provision_knowledge", "--demo-content", stdout=None)
    clerk = PositionFactory(role=Position.Role.CLERK).user
    template = Resource.objects.get(title=TEMPLATE_TITLE)
    current = template.versions.order_by("-number").first()
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Knowledge bank").click()
    axe.check(page)

    search = page.get_by_role("search", name="Search the knowledge bank")
    search.get_by_role("searchbox").fill("climate")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/knowledge/search/\?q=climate"))
    result = page.get_by_role("link", name=TEMPLATE_TITLE)
    expect(result).to_be_visible()
    # The highlight marks the word searched for.
    expect(page.locator("mark").first).to_have_text(re.compile("climate", re.IGNORECASE))
    axe.check(page)

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEMPLATE_TITLE)
    expect(page.get_by_role("link", name="Climate change", exact=True).first).to_be_visible()
    # Offered before the body too, not only at the foot of the page.
    expect(page.get_by_role("link", name="Download the template")).to_have_attribute(
        "href", f"/knowledge/{template.slug}/download/"
    )
    axe.check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(rf"^Download {TEMPLATE_TITLE}")).click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename == current.original_name
    with current.file.open("rb") as stored:
        assert saved.read_bytes() == stored.read()
    template.refresh_from_db()
    assert template.download_count == 1
    assert Download.objects.filter(user=clerk, version=current).exists()
