"""{% fixed_url %} and {% slug_url %} (members/templatetags/cached_urls.py) must write what
{% url %} writes, under any script prefix."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, get_script_prefix, set_script_prefix

from members.templatetags.cached_urls import fixed_url, slug_url

# Every page My KALC links to without arguments.
FIXED_NAMES = [
    "members:council_directory",
    "members:feedback_create",
    "members:feedback_mine",
    "members:mediation_request",
    "members:mediation_case_list",
    "members:partner_list",
    "members:key_contacts",
    "members:area_committee_list",
    "members:account",
    "account_email",
    "account_change_password",
    "mfa_index",
    "members:account_export",
    "members:account_delete",
]
SLUG_NAMES = [
    "members:partner_detail",
    "members:council_detail",
    "members:council_people",
    "members:council_invite",
    "members:council_edit",
    "members:clerk_handover",
]


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load cached_urls %}" + source).render(context)


@pytest.fixture(params=["/", "/portal/"])
def script_prefix(request):
    before = get_script_prefix()
    set_script_prefix(request.param)
    yield request.param
    set_script_prefix(before)


@pytest.mark.parametrize("name", FIXED_NAMES)
def test_fixed_url_writes_what_url_writes(script_prefix, name):
    expected = render(f"{{% url '{name}' %}}")
    assert expected.startswith(script_prefix)
    assert render(f"{{% fixed_url '{name}' %}}") == expected
    assert render(f"{{% fixed_url '{name}' %}}") == expected  # and again, from the cache


@pytest.mark.parametrize("name", SLUG_NAMES)
@pytest.mark.parametrize("slug", ["ash", "st-marys_2", "A-1"])
def test_slug_url_writes_what_url_writes(script_prefix, name, slug):
    expected = render(f"{{% url '{name}' slug %}}", slug=slug)
    assert expected.startswith(script_prefix) and slug in expected
    assert render(f"{{% slug_url '{name}' slug %}}", slug=slug) == expected


def test_a_page_this_build_does_not_have():
    with pytest.raises(NoReverseMatch):
        fixed_url("members:no_such_page")
    assert slug_url("members:no_such_page", "ash") == ""
