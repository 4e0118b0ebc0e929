"""Forms explain the required-field mark before their fields (issue 12, usability), and
forms with nothing required (filters, searches) do not."""

import pytest

from members.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

NOTE = "marks a field you must fill in."


def test_a_form_with_required_fields_explains_the_mark_once_before_them(client):
    CouncilFactory(name="Ash", slug="ash")
    page = client.get("/access/request/").content.decode()

    assert page.count(NOTE) == 1
    assert page.index(NOTE) < page.index('class="asteriskField"')


def test_the_sign_in_form_explains_the_mark(client):
    assert client.get("/accounts/login/").content.decode().count(NOTE) == 1


def test_a_search_form_with_nothing_required_says_nothing_about_it(client):
    CouncilFactory(name="Ash", slug="ash")
    page = client.get("/find-your-council/").content.decode()
    assert 'class="asteriskField"' not in page
    assert NOTE not in page
