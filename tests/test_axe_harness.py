"""The accessibility check itself must be able to fail, or a green run means nothing."""

import pytest

from conftest import AxeChecker

pytestmark = pytest.mark.browser


def test_axe_checker_reports_wcag_violations(chromium):
    page = chromium.new_page()
    try:
        page.set_content(
            "<html><head><title>t</title></head><body><main>"
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            '<input type="text"><p style="color:#bbb;background:#fff">low contrast</p></main></body></html>'
        )
        with pytest.raises(AssertionError) as failure:
            AxeChecker().check(page)
    finally:
        page.close()

    report = str(failure.value)
    assert "image-alt" in report
    assert "html-has-lang" in report
    assert "color-contrast" in report


def test_axe_checker_passes_a_clean_page(chromium):
    page = chromium.new_page()
    try:
        page.set_content(
            '<html lang="en"><head><title>Clean</title></head><body><main><h1>Clean</h1>'
            '<label for="n">Name</label><input id="n" type="text"></main></body></html>'
        )
        checker = AxeChecker()
        checker.check(page)
    finally:
        page.close()
    assert checker.checked_paths


def test_axe_checker_fails_a_page_that_does_not_reflow_at_320_px(chromium):
    """WCAG 1.4.10: the shared check looks at every page at 320 CSS px (a fixed 588 px
    table is what the council People page did at a phone's width)."""
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.set_content(
            '<html lang="en"><head><title>Wide</title><meta name="viewport" content="width=device-width">'
            '</head><body><main><h1>Wide</h1><div style="width:588px">People</div></main></body></html>'
        )
        with pytest.raises(AssertionError) as failure:
            AxeChecker().check(page)
        assert page.viewport_size == {"width": 1280, "height": 720}  # put back for the test
    finally:
        page.close()
    assert "does not reflow at 320 CSS px" in str(failure.value)
