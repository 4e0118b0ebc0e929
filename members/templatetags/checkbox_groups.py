"""`{{ form.field|checkbox_group }}`: a single checkbox with its label, written in Python with
exactly the markup crispy-forms' bootstrap5 field.html writes through |as_crispy_field.

The checkbox companion of field_groups.field_group (which hands checkboxes to crispy): on the
Partners page the filter's one checkbox cost as much through crispy's template as the rest
of the form. Only the plain case is written here; a checkbox that is required, has errors or
help text goes to crispy as before. members/tests/test_checkbox_groups.py checks the output
against crispy's."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from members.templatetags.field_groups import crispy_widget_class

register = template.Library()


def _checkbox_class(widget: forms.CheckboxInput) -> str:
    css_class = crispy_widget_class(widget)
    return css_class if "form-check-input" in css_class.split() else f"{css_class} form-check-input"


@register.filter
def checkbox_group(field: forms.BoundField):
    widget = field.field.widget
    plain = (
        type(widget) is forms.CheckboxInput
        and not field.field.required
        and not field.errors
        and not field.help_text
        and field.label
        and not field.css_classes()
    )
    if not plain:
        return as_crispy_field(field)
    return mark_safe(  # noqa: S308 - the label is escaped and the widget escapes its own attributes
        '<div class="mb-3">'
        f'<div id="div_{field.auto_id}" class="form-check">'
        f"{field.as_widget(attrs={'class': _checkbox_class(widget)})}"
        f'<label for="{conditional_escape(field.id_for_label)}" class="form-check-label">'
        f"{conditional_escape(field.label)}</label>"
        "</div>"
        "</div>"
    )
