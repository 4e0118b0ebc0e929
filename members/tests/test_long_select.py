"""LongChoiceField / LongSelect (kalc_portal/forms_renderer.py) must behave and render as
Django's ChoiceField and Select do."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from kalc_portal.forms_renderer import LongChoiceField

CHOICES = (("", "Any district"), ("Dover", "Dover"), ("Swale & <Sheppey>", 'Swale "east"'), ("7", "O'Neill"))


class LongForm(forms.Form):
    district = LongChoiceField(required=False, error_messages={"invalid_choice": "Choose one."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = CHOICES


class DjangoForm(forms.Form):
    district = forms.ChoiceField(
        required=False, choices=CHOICES, error_messages={"invalid_choice": "Choose one."}
    )


def rendered(form) -> str:
    return re.sub(r">\s+<", "><", str(form["district"]))


DATA = [None, {}, {"district": "Swale & <Sheppey>"}, {"district": "7"}, {"district": "Atlantis"}]


@pytest.mark.parametrize("data", DATA)
def test_long_select_renders_and_validates_as_django_does(data):
    ours, djangos = LongForm(data), DjangoForm(data, renderer=DjangoTemplates())
    if data is not None:
        assert ours.is_valid() == djangos.is_valid()
        assert ours.errors == djangos.errors
    assert rendered(ours) == rendered(djangos)


def test_long_select_falls_back_to_django_for_groups():
    form = LongForm()
    form.fields["district"].choices = (("Kent", (("1", "Ash"), ("2", "Sandwich"))),)
    assert '<optgroup label="Kent">' in rendered(form)
