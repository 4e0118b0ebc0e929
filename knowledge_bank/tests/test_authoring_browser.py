"""Staff write a resource in the admin, preview its Markdown, save it as a draft and
find it on the review board. Headless Chromium, axe-core after every navigation."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from knowledge_bank.models import FileVersion, Resource
from knowledge_bank.tests.factories import HubFactory
from members.tests.browser import sign_in
from members.tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_preview_markdown_save_a_draft_and_see_it_on_the_review_board(browser_page, axe):
    secret = generate_totp_secret()
    staff = staff_user(with_totp=False, full_name="Sam Patel", email="sam@kalc.example.org")
    TOTP.activate(staff, secret)
    HubFactory(name="Resilience", slug="resilience", review_interval_months=6)
    page = browser_page

    sign_in(page, axe, staff.email, totp_secret=secret, fresh=True)
    page.goto("/admin/knowledge_bank/resource/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add resource")
    axe.check(page)

    page.get_by_label("Title").fill("Flood plan for small parishes")
    page.get_by_label("Title").press("End")  # the admin fills the slug in on keyup
    expect(page.get_by_label("Slug")).to_have_value("flood-plan-for-small-parishes")
    page.get_by_label("Kind").select_option(label="Template")
    page.get_by_label("Summary").fill("A template emergency plan for a parish of under 2,000 people.")
    page.get_by_label("Body").fill(
        "# Who to call\n\nThe **Kent Resilience Team** first.\n\n<script>alert(1)</script>"
    )
    page.get_by_role("button", name="Preview", exact=True).click()

    region = page.locator("section[aria-live=polite]")
    expect(region.get_by_role("heading", name="Preview", exact=True)).to_be_visible()
    expect(region.get_by_role("heading", name="Who to call", level=2)).to_be_visible()
    expect(region.locator("strong")).to_have_text("Kent Resilience Team")
    expect(region).to_contain_text("<script>alert(1)</script>")  # shown as text, never run
    expect(region.locator("script")).to_have_count(0)
    axe.check(page)

    page.get_by_label("Review due").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/knowledge_bank/resource/$"))
    expect(page.locator(".messagelist")).to_contain_text("Flood plan for small parishes")
    axe.check(page)
    resource = Resource.objects.get(slug="flood-plan-for-small-parishes")
    assert resource.status == Resource.Status.DRAFT and resource.owner == staff
    assert "<h2>Who to call</h2>" in resource.body_html and "<script" not in resource.body_html

    page.goto("/knowledge/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources due for review")
    no_hub = page.get_by_role("region", name="No hub")
    expect(no_hub.get_by_role("link", name="Flood plan for small parishes")).to_be_visible()
    expect(no_hub).to_contain_text("Due today")
    axe.check(page)

    no_hub.get_by_role("button", name="Mark reviewed “Flood plan for small parishes”").click()
    expect(page.get_by_text("“Flood plan for small parishes” is marked reviewed.")).to_be_visible()
    expect(page.get_by_text("Nothing is due for review in this period.")).to_be_visible()
    axe.check(page)

    # The change page lists the file's versions read-only, with the way to upload a new one.
    FileVersion.objects.create(
        resource=resource,
        number=1,
        file="knowledge/flood-plan.docx",
        original_name="flood-plan.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=20_480,
        change_note="First edition",
        uploaded_by=staff,
    )
    page.goto(f"/admin/knowledge_bank/resource/{resource.pk}/change/")
    expect(page.get_by_role("cell", name="flood-plan.docx")).to_be_visible()
    expect(page.get_by_role("link", name="Upload a new version of the file")).to_have_attribute(
        "href", "/knowledge/flood-plan-for-small-parishes/upload/"
    )
    axe.check(page)

    # A hub's intro has the same preview.
    page.goto("/admin/knowledge_bank/hub/add/")
    page.get_by_label("Intro").fill("Plans for **floods** and storms.")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator("section[aria-live=polite] strong")).to_have_text("floods")
    axe.check(page)
