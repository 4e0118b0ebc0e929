"""The field_group filter must write what crispy-forms' bootstrap5 field template writes."""

import re

import pytest
from django.template.loader import get_template

from members.forms.directory import DirectorySearchForm, PublicCouncilSearchForm
from members.forms.feedback import FeedbackQueueFilterForm
from members.templatetags.field_groups import field_group
from members.tests.factories import AreaCommitteeFactory

pytestmark = pytest.mark.django_db


def normalised(html: str) -> str:
    # Whitespace between and just inside tags is all crispy's template adds; it means nothing in HTML.
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def crispy_field(field, *, inline_errors: bool) -> str:
    # What {% crispy form %} (errors inline) and |as_crispy_field (errors in a block) render per field.
    return get_template("bootstrap5/field.html").render(
        {
            "field": field,
            "form_show_errors": True,
            "form_show_labels": True,
            "error_text_inline": inline_errors,
            "help_text_inline": not inline_errors,
            "label_class": "",
            "field_class": "",
        }
    )


SEARCH_DATA = [
    {},
    {"q": "sand", "district": "Dover", "area_committee": "dover", "status": "all"},
    {"q": "x" * 101, "district": "Atlantis", "area_committee": "atlantis", "status": "bogus"},
]


@pytest.mark.parametrize("data", SEARCH_DATA)
@pytest.mark.parametrize(
    "make_form",
    [
        lambda data: DirectorySearchForm(data, include_status=True),
        lambda data: DirectorySearchForm(data),
        PublicCouncilSearchForm,
    ],
)
def test_search_form_fields_match_crispy(make_form, data):
    AreaCommitteeFactory(district="Dover", name="Dover Area Committee & <Friends>")
    ours, theirs = make_form(data), make_form(data)
    ours.is_valid(), theirs.is_valid()
    for name in ours.fields:
        expected = normalised(crispy_field(theirs[name], inline_errors=True))
        assert normalised(field_group(ours[name], "inline")) == expected, name


QUEUE_DATA = [None, {"status": "open", "area_committee": "PK"}, {"status": "lost", "area_committee": "abc"}]


@pytest.mark.parametrize("data", QUEUE_DATA)
def test_queue_filter_fields_match_crispy(data):
    committee = AreaCommitteeFactory(district="Swale")
    if data and data["area_committee"] == "PK":
        data = {**data, "area_committee": str(committee.pk)}
    ours, theirs = FeedbackQueueFilterForm(data), FeedbackQueueFilterForm(data)
    if data:
        ours.is_valid(), theirs.is_valid()
    for name in ours.fields:
        expected = normalised(crispy_field(theirs[name], inline_errors=False))
        assert normalised(field_group(ours[name])) == expected, name
        if data and data["status"] == "lost":
            assert "is-invalid" in expected
