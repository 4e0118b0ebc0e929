"""A clerk fills a section in headless Chromium (axe-core on every page), hits a validation
error, reloads, and the answers saved are still there (the stale-save conflict is covered
through the client in test_views)."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import CouncilFactory, PositionFactory
from surveys.models import Answer
from surveys.tests.factories import build_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_fills_a_section_hits_an_error_and_reloads_with_answers_kept(browser_page, axe):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    survey = build_survey()
    page = browser_page

    sign_in(page, axe, clerk.email)
    page.goto("/surveys/")
    axe.check(page)
    page.get_by_role("link", name=re.compile("Member survey 2026")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Member survey 2026")
    axe.check(page)

    services = page.locator("#section-" + str(survey.sections.first().pk))
    services.get_by_label("Yes").check()
    services.get_by_label("4", exact=True).check()
    services.get_by_label("Training").check()
    services.get_by_label("Phone").check()
    services.get_by_label("How many councillors?").fill("45")
    services.get_by_role("button", name="Save “Our services”").click()
    expect(page.get_by_text("Enter a whole number from 0 to 30.")).to_be_visible()
    expect(services.get_by_label("How many councillors?")).to_have_value("45")
    axe.check(page)

    page.reload()
    axe.check(page)
    services = page.locator("#section-" + str(survey.sections.first().pk))
    expect(services.get_by_label("Yes")).to_be_checked()
    expect(services.get_by_label("4", exact=True)).to_be_checked()
    expect(services.get_by_label("Training")).to_be_checked()
    expect(services.get_by_label("Phone")).to_be_checked()
    expect(services.get_by_text("Last edited by Alex Morgan")).to_be_visible()

    services.get_by_label("How many councillors?").fill("11")
    services.get_by_role("button", name="Save “Our services”").click()
    expect(page.get_by_text("“Our services” saved as a draft.")).to_be_visible()
    axe.check(page)
    assert dict(Answer.objects.values_list("question_key", "value")) == {
        "used-legal": "yes",
        "legal-rating": 4,
        "services-used": ["training"],
        "contact": "phone",
        "councillors": 11,
    }


def test_the_office_finds_the_non_responders_and_reopens_a_response_by_keyboard(browser_page, axe):
    from members.tests.factories import AreaCommitteeFactory, staff_user
    from surveys.services import responses as response_services

    committee = AreaCommitteeFactory(name="Dover area", district="Dover")
    sandwich = CouncilFactory(name="Sandwich", slug="sandwich", kind="town", area_committee=committee)
    CouncilFactory(name="Clerkless", slug="clerkless", area_committee=committee)
    clerk = PositionFactory(council=sandwich, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    survey = build_survey()
    response_services.response_section_save(
        survey_id=survey.pk,
        council_id=sandwich.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=clerk,
    )
    office = staff_user(full_name="Olivia Office")
    page = browser_page

    # The clerk sees the survey waiting on My KALC and on the council overview.
    sign_in(page, axe, clerk.email)
    expect(page.locator("#my-kalc-surveys_waiting")).to_contain_text("Member survey 2026")
    page.goto("/councils/sandwich/")
    expect(page.locator("#panel-surveys")).to_contain_text("draft saved")
    axe.check(page)
    page.goto(f"/surveys/{survey.pk}/council/sandwich/")
    page.get_by_role("button", name=re.compile("Submit Sandwich")).click()
    expect(page.get_by_text("response is submitted")).to_be_visible()
    axe.check(page)

    sign_in(page, axe, office.email, totp_secret=office.totp_secret, fresh=True)
    page.goto("/surveys/")
    axe.check(page)
    page.get_by_role("link", name=re.compile("not yet responded")).click()
    expect(page.locator("#without-clerk")).to_contain_text("Clerkless")
    expect(page.locator("#non-responders")).not_to_contain_text("Sandwich")
    axe.check(page)

    page.goto(f"/surveys/{survey.pk}/council/sandwich/")
    axe.check(page)
    reopen = page.get_by_role("button", name="Reopen Sandwich Town Council's response")
    reopen.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#reopened")).to_contain_text("Olivia Office")
    axe.check(page)


def test_answers_typed_when_the_session_expired_come_back_after_signing_in_again(browser_page, axe):
    from importlib import import_module

    from django.conf import settings

    from members.tests.factories import PASSWORD

    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    survey = build_survey()
    page = browser_page
    sign_in(page, axe, clerk.email)
    page.goto(f"/surveys/{survey.pk}/council/sandwich/")
    axe.check(page)
    services = page.locator(f"#section-{survey.sections.first().pk}")
    services.get_by_label("No", exact=True).check()
    services.get_by_label("How many councillors?").fill("12")

    # The session ends while the clerk types (idle expiry): the server forgets it.
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    session_key = cookies[settings.SESSION_COOKIE_NAME]
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()
    services.get_by_role("button", name="Save “Our services”").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    axe.check(page)
    page.get_by_label("Email").fill(clerk.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/surveys/{survey.pk}/council/sandwich/$"))
    services = page.locator(f"#section-{survey.sections.first().pk}")
    expect(services.get_by_role("status")).to_contain_text("answers you typed on this device")
    expect(services.get_by_label("How many councillors?")).to_have_value("12")
    expect(services.get_by_label("No", exact=True)).to_be_checked()
    axe.check(page)
    assert not Answer.objects.exists()  # restored into the form, not saved behind the clerk's back

    services.get_by_role("button", name="Save “Our services”").click()
    expect(page.get_by_text("“Our services” saved as a draft.")).to_be_visible()
    axe.check(page)
    saved = dict(Answer.objects.values_list("question_key", "value"))
    assert saved == {"used-legal": "no", "councillors": 12}
    page.reload()
    axe.check(page)
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_unsaved_answers_can_be_discarded_by_keyboard(browser_page, axe):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK).user
    survey = build_survey()
    page = browser_page
    sign_in(page, axe, clerk.email)
    page.goto(f"/surveys/{survey.pk}/council/sandwich/")
    services = page.locator(f"#section-{survey.sections.first().pk}")
    services.get_by_label("How many councillors?").fill("9")
    page.reload()  # left without saving
    axe.check(page)

    discard = services.get_by_role("button", name="Discard the unsaved answers")
    discard.focus()
    page.keyboard.press("Enter")
    expect(services.get_by_label("How many councillors?")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)
    page.reload()
    axe.check(page)
    expect(services.get_by_label("How many councillors?")).to_have_value("")


def test_two_people_editing_one_section_the_second_is_told_and_sees_both_answers(
    browser_page, chromium, live_server, axe
):
    council = CouncilFactory(name="Sandwich", slug="sandwich", kind="town")
    clerk = PositionFactory(council=council, role=Position.Role.CLERK, user__full_name="Alex Morgan").user
    chair = PositionFactory(council=council, role=Position.Role.CHAIR, user__full_name="Priya Shah").user
    survey = build_survey()
    url = f"/surveys/{survey.pk}/council/sandwich/"
    section = f"#section-{survey.sections.first().pk}"

    # A second browser, kept to the live server like the first.
    other = chromium.new_context(base_url=live_server.url, locale="en-GB")
    other.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                else route.abort())  # fmt: skip
    try:
        chairs_page = other.new_page()
        sign_in(chairs_page, axe, chair.email)
        chairs_page.goto(url)
        axe.check(chairs_page)

        clerks_page = browser_page
        sign_in(clerks_page, axe, clerk.email)
        clerks_page.goto(url)
        axe.check(clerks_page)
        clerks_page.locator(section).get_by_label("No", exact=True).check()
        clerks_page.locator(section).get_by_label("How many councillors?").fill("5")
        clerks_page.locator(section).get_by_role("button", name="Save “Our services”").click()
        expect(clerks_page.get_by_text("“Our services” saved as a draft.")).to_be_visible()
        axe.check(clerks_page)

        # The chair's page was opened before the clerk saved.
        chairs_page.locator(section).get_by_label("No", exact=True).check()
        chairs_page.locator(section).get_by_label("How many councillors?").fill("8")
        chairs_page.locator(section).get_by_role("button", name="Save “Our services”").click()
        expect(
            chairs_page.get_by_text(re.compile("Someone else saved “Our services” since you opened it"))
        ).to_be_visible()
        conflict = (
            chairs_page.locator(section).locator(".alert-warning").filter(has_text="Saved by someone else")
        )
        expect(conflict.first).to_contain_text("5")
        expect(chairs_page.locator(section).get_by_label("How many councillors?")).to_have_value("8")
        axe.check(chairs_page)
        assert Answer.objects.get(question_key="councillors").value == 5
    finally:
        other.close()
