"""Usability findings (issue 12, section 5) tried in Chromium as a new user would: the
keyboard's focus on form fields, the sign-in's Tab order, the office's menu at 1280 px.
axe-core does not catch these, so they are measured from computed styles."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Position
from members.tests.browser import sign_in
from members.tests.factories import PASSWORD, CouncilFactory, PositionFactory, UserFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each visible input, select, textarea, checkbox and radio: focus it, then report its
# outline, and the contrast of its border (unfocused) with the page's white.
CONTROL_STYLES = """() => {
    const luminance = (css) => {
        const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const controls = [...document.querySelectorAll('main input, main select, main textarea')]
        .filter(el => el.type !== 'hidden' && el.offsetParent !== null);
    return controls.map(el => {
        document.activeElement && document.activeElement.blur();
        el.style.transition = 'none';  // Bootstrap eases the ring in over 0.15 s: read it settled
        const border = getComputedStyle(el).borderTopColor;
        el.focus({focusVisible: true});
        const focused = getComputedStyle(el);
        const result = {
            control: el.tagName.toLowerCase() + '[' + (el.type || '') + ']#' + el.id,
            kind: el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase(),
            border: contrast(border, 'rgb(255, 255, 255)'),
            outlineStyle: focused.outlineStyle,
            outlineWidth: parseFloat(focused.outlineWidth),
            ring: focused.boxShadow,
        };
        el.blur();
        return result;
    });
}"""


def _assert_controls_visible(page, expected_types):
    controls = page.evaluate(CONTROL_STYLES)
    found = {control["kind"] for control in controls}
    assert expected_types <= found, (expected_types, found)
    for control in controls:
        # WCAG 1.4.11: the field's edge at least 3:1 against white.
        assert control["border"] >= 3, control
        # WCAG 2.4.7 / 2.4.11: a solid outline of at least 2 px when focused, plus the
        # near-black ring that keeps the yellow outline visible on white.
        assert control["outlineStyle"] == "solid" and control["outlineWidth"] >= 2, control
        assert "rgb(11, 12, 12)" in control["ring"], control


def test_form_fields_have_visible_borders_and_focus(browser_page, axe):
    page = browser_page
    page.goto("/accounts/login/")
    axe.check(page)
    _assert_controls_visible(page, {"email", "password"})

    page.goto("/access/request/")
    axe.check(page)
    _assert_controls_visible(page, {"text", "email", "select", "textarea"})

    member = UserFactory(email="pref@example.org")
    PositionFactory(user=member)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("pref@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)
    page.goto("/account/preferences/")
    axe.check(page)
    _assert_controls_visible(page, {"radio", "checkbox"})
    checked = page.evaluate(
        "() => getComputedStyle(document.querySelector('main input[type=radio]:checked')).backgroundColor"
    )
    assert checked == "rgb(11, 61, 99)"  # the brand navy, not Bootstrap blue


def test_tab_from_the_password_reaches_sign_in_not_the_reset_link(browser_page, axe):
    UserFactory(email="tab@example.org")
    page = browser_page
    page.goto("/accounts/login/")
    axe.check(page)
    page.get_by_label("Email").fill("tab@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    if focused[0] == "INPUT":  # "Remember me" sits between them
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
        )
    assert focused == ["BUTTON", "Sign in"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/my/$"))
    axe.check(page)


def test_office_staff_home_and_a_menu_that_fits_at_1280_px(browser_page, axe):
    staff = staff_user(email="office.home@example.org", full_name="Oluwaseun Featherstonehaugh-Smith")
    PositionFactory(user=UserFactory(), council=CouncilFactory(), role=Position.Role.CLERK)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, axe, staff.email, totp_secret=staff.totp_secret)
    expect(page.get_by_role("heading", name="Office work waiting")).to_be_visible()
    expect(page.get_by_role("link", name="Access requests waiting")).to_be_visible()
    expect(page.get_by_text("You do not hold a position")).to_have_count(0)
    expect(page.get_by_role("link", name="Request mediation")).to_have_count(0)
    tops = page.evaluate(
        "() => [...document.querySelectorAll('#main-nav > ul > li')]"
        ".map(li => li.getBoundingClientRect().top)"
    )
    assert len(tops) > 5 and max(tops) - min(tops) < 10, f"the menu wraps at 1280 px: {tops}"


def test_unverified_office_staff_get_the_way_to_verify_in_a_menu_that_fits_at_1280_px(browser_page, axe):
    staff = staff_user(
        with_totp=False, email="office.new@example.org", full_name="Oluwaseun Featherstonehaugh-Smith"
    )
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, axe, staff.email)
    expect(page.locator("#office-menu")).to_have_count(0)
    nav = page.locator("#main-nav")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('#main-nav > ul > li')]"
        ".map(li => li.getBoundingClientRect().top)"
    )
    assert len(tops) > 4 and max(tops) - min(tops) < 10, f"the menu wraps at 1280 px: {tops}"
    nav.get_by_role("link", name="Set up office sign-in").click()
    # Setting up an app asks for the password again first (allauth), then for the app's code.
    expect(page).to_have_url(
        re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    )
    axe.check(page)
