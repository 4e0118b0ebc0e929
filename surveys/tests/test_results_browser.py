"""Office staff read a round's results, filter them, compare with the earlier round and
publish the members' summary, in headless Chromium with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from members.tests.browser import sign_in
from members.tests.factories import staff_user
from surveys.models import SummaryPublication, Survey
from surveys.tests.results_data import earlier_round, seeded_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_results_filter_compare_and_publish_the_summary(browser_page, axe):
    survey = seeded_round()
    earlier_round()
    staff = staff_user(full_name="Olive Office")
    page = browser_page

    sign_in(page, axe, staff.email, totp_secret=staff.totp_secret)
    page.goto(f"/surveys/{survey.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Member survey 2026")
    expect(page.get_by_role("img", name=re.compile("Did you use our legal advice"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Did you use our legal advice"))).to_contain_text(
        "55.6%"
    )
    expect(page.get_by_text("Great advice")).to_be_visible()
    axe.check(page)

    # By keyboard: choose Thanet's area committee and apply.
    page.get_by_label("Area committee").focus()
    page.keyboard.press("ArrowDown")  # Dover
    page.keyboard.press("ArrowDown")  # Thanet
    page.get_by_role("button", name="Show results").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"area_committee=thanet"))
    expect(page.get_by_role("table", name=re.compile("Did you use our legal advice"))).to_contain_text(
        "66.7%"
    )
    axe.check(page)

    page.goto(f"/surveys/{survey.pk}/results/?area_committee=nowhere")
    expect(page.get_by_text("Choose an area committee from the list.")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Compare with earlier rounds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Round on round: Member survey 2026")
    expect(
        page.get_by_role("img", name=re.compile("How good was the legal advice.*2024, 2026"))
    ).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("How good was the legal advice"))).to_contain_text(
        "3.80"
    )
    axe.check(page)

    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    page.goto(f"/surveys/{survey.pk}/summary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary: Member survey 2026")
    axe.check(page)
    page.get_by_role("button", name="Publish the summary to members").click()
    expect(page.get_by_text("The summary is published: members can read it now.")).to_be_visible()
    axe.check(page)
    assert SummaryPublication.objects.filter(survey=survey).exists()


def test_staff_publish_the_questions_as_a_template_in_the_knowledge_bank(browser_page, axe):
    from knowledge_bank.models import FileVersion, Resource
    from surveys.tests.factories import build_survey

    survey = build_survey()
    staff = staff_user(full_name="Olive Office")
    page = browser_page

    sign_in(page, axe, staff.email, totp_secret=staff.totp_secret)
    page.goto(f"/surveys/{survey.pk}/results/")
    button = page.get_by_role("button", name="Publish as a template in the knowledge bank")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"published as a template \(version 1\)"))).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Publish as a template in the knowledge bank").click()
    expect(page.get_by_text(re.compile(r"published as a template \(version 2\)"))).to_be_visible()

    resource = Resource.objects.get(kind=Resource.Kind.SURVEY_TEMPLATE)
    assert FileVersion.objects.filter(resource=resource).count() == 2
    page.goto(f"/knowledge/{resource.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey template: Member survey")
    axe.check(page)
