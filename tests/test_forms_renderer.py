"""The Python <select> renderer must produce what Django's own templates produce."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html

from kalc_portal.forms_renderer import FastSelectRenderer


class SampleForm(forms.Form):
    district = forms.ChoiceField(
        choices=[("", "Any district"), ("Dover", "Dover"), ("Swale & <Sheppey>", 'Swale "east"')],
        required=False,
        widget=forms.Select(attrs={"data-filter": "true", "disabled": False, "autofocus": True}),
    )
    council = forms.ChoiceField(
        choices=[("Dover", [("1", "Ash"), ("2", "Sandwich")]), ("Swale", [("3", "Newington")])],
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    agree = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "action-select"}))


def render(renderer, data):
    form = SampleForm(data, renderer=renderer)
    # Whitespace between tags is all the templates add; it means nothing in HTML.
    return [re.sub(r">\s+<", "><", str(form[name])) for name in ("district", "council", "many", "agree")]


def test_fast_select_renders_exactly_what_the_templates_render():
    for data in [None, {"district": "Swale & <Sheppey>", "council": "2", "many": ["a", "b"], "agree": "on"}]:
        assert render(FastSelectRenderer(), data) == render(DjangoTemplates(), data)


def test_fast_select_escapes_labels_and_values():
    html = render(FastSelectRenderer(), None)[0]
    assert 'value="Swale &amp; &lt;Sheppey&gt;"' in html
    assert "Swale &quot;east&quot;" in html
    assert " autofocus" in html and "disabled" not in html


def test_safe_attribute_values_are_not_escaped_twice():
    # The admin labels each row's checkbox with format_html(): "St Margaret's" must reach a
    # screen reader as written, not as "St Margaret&amp;#x27;s".
    label = format_html("Select this object for an action - {}", "St Margaret's at Cliffe & <Ash>")
    widget = forms.CheckboxInput({"class": "action-select", "aria-label": label, "title": "a & b"})
    fast = widget.render("_selected_action", "1", renderer=FastSelectRenderer())
    assert fast == widget.render("_selected_action", "1", renderer=DjangoTemplates())
    assert "for an action - St Margaret&#x27;s at Cliffe &amp; &lt;Ash&gt;" in fast
    assert 'title="a &amp; b"' in fast
