"""`{{ form.field|field_group }}`: a text input or <select> with its label, errors and help,
written in Python with exactly the markup crispy-forms' bootstrap5 field.html writes.

crispy's field template costs about half a millisecond a field (dozens of conditions and
filters, two includes); on the directory and staff queue pages, which render their filter
forms on every request, that was a fifth of the page. Anything but a plain input or a
select (checkboxes, radios, files, hidden fields) goes to crispy as before.

    {{ form.q|field_group }}            errors as <p>, as |as_crispy_field writes them
    {{ form.q|field_group:"inline" }}   errors as <span>, as {% crispy form %} writes them
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_CRISPY_ONLY = (forms.CheckboxInput, forms.RadioSelect, forms.FileInput, forms.MultiWidget, forms.HiddenInput)


def crispy_widget_class(widget: forms.Widget) -> str:
    """As crispy's CrispyFieldNode: the widget's own class, then its class name (before
    Bootstrap's classes, which the callers add)."""
    class_name = widget.__class__.__name__.lower()
    css_class = widget.attrs.get("class", "")
    if not css_class:
        return class_name
    return css_class if css_class.find(class_name) != -1 else f"{css_class} {class_name}"


def _widget_class(field: forms.BoundField) -> str:
    widget = field.field.widget
    css_class = crispy_widget_class(widget)
    extra = ["form-select" if isinstance(widget, forms.Select) else "form-control"]
    if field.errors:
        extra.append("is-invalid")
    classes = css_class.split()
    return " ".join([css_class, *(name for name in extra if name not in classes)])


@register.filter
def field_group(field: forms.BoundField, errors: str = "block"):
    widget = field.field.widget
    if field.is_hidden or isinstance(widget, _CRISPY_ONLY):
        return as_crispy_field(field)
    auto_id = field.auto_id
    required = field.field.required
    css_classes = field.css_classes()
    parts = [f'<div id="div_{auto_id}" class="mb-3{f" {css_classes}" if css_classes else ""}">']
    if field.label:
        label_for = f'for="{field.id_for_label}" ' if field.id_for_label else ""
        parts.append(
            f'<label {label_for}class="form-label{" requiredField" if required else ""}">'
            f"{conditional_escape(field.label)}"
            f"{'<span class="asteriskField">*</span>' if required else ''}</label>"
        )
    parts.append(field.as_widget(attrs={"class": _widget_class(field)}))
    if field.errors:
        tag = "span" if errors == "inline" else "p"
        parts.append(f'<div id="{field.errors.field_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<{tag} id="error_{number}_{auto_id}"><strong>{conditional_escape(error)}</strong></{tag}>'
            for number, error in enumerate(field.errors, start=1)
        )
        parts.append("</div>")
    if field.help_text:
        help_id = f'id="{auto_id}_helptext" ' if auto_id else ""
        parts.append(f'<div {help_id}class="form-text">{field.help_text}</div>')
    parts.append("</div>")
    return mark_safe(" ".join(parts))  # noqa: S308 - label, errors and the widget are escaped; help text is trusted
