"""The checkbox_group filter must write what crispy-forms' |as_crispy_field writes, and the
partner filter form's fields, through checkbox_group and field_group, what they wrote before."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from members.forms.partners import PartnerFilterForm
from members.selectors import partners as selectors
from members.templatetags.checkbox_groups import checkbox_group
from members.templatetags.field_groups import field_group
from members.tests.factories_office import PartnerCategoryFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def normalised(html) -> str:
    # Whitespace between and just inside tags is all crispy's template adds; it means nothing in HTML.
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.fixture
def categories():
    councils = PartnerCategoryFactory(name="Insurers & <Brokers>", slug="insurers", order=1)
    PartnerFactory(category=councils, name="Alpha")
    PartnerFactory(category=PartnerCategoryFactory(name="Training", slug="training", order=2), name="Beta")
    PartnerFactory(
        category=PartnerCategoryFactory(name="Dormant", slug="dormant", order=3), name="Gone", is_active=False
    )
    return selectors.partner_categories_in_use()


PARTNER_FILTERS = [None, {}, {"offers": "on"}, {"category": "insurers", "offers": "on"}, {"category": "nope"}]


@pytest.mark.parametrize("data", PARTNER_FILTERS)
def test_the_partner_filter_form_matches_crispy(categories, data):
    ours = PartnerFilterForm(data, categories=categories)
    theirs = PartnerFilterForm(data, categories=categories)
    if data is not None:
        ours.is_valid(), theirs.is_valid()

    assert "\n" not in checkbox_group(ours["offers"])
    assert normalised(checkbox_group(ours["offers"])) == normalised(as_crispy_field(theirs["offers"]))
    assert normalised(field_group(ours["category"])) == normalised(as_crispy_field(theirs["category"]))


class CheckboxForm(forms.Form):
    plain = forms.BooleanField(required=False, label="Tea & <biscuits>")
    styled = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "big"}))
    required = forms.BooleanField(label="I agree")
    helped = forms.BooleanField(required=False, help_text="Only if you mean it.")


ALL_TICKED = {"plain": "on", "styled": "on", "required": "on", "helped": "on"}


@pytest.mark.parametrize("data", [None, {}, ALL_TICKED])
@pytest.mark.parametrize("prefix", [None, "filter"])
def test_every_kind_of_checkbox_matches_crispy(data, prefix):
    ours, theirs = CheckboxForm(data, prefix=prefix), CheckboxForm(data, prefix=prefix)
    if data is not None:
        ours.is_valid(), theirs.is_valid()
    for name in ours.fields:
        assert normalised(checkbox_group(ours[name])) == normalised(as_crispy_field(theirs[name])), name
    # The plain ones are written here, not handed to crispy (whose template leaves its line breaks).
    assert "\n" not in checkbox_group(ours["plain"]) and "\n" not in checkbox_group(ours["styled"])
