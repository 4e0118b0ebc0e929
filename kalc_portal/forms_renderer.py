"""Form rendering that keeps long <select>s cheap.

Django renders every <option> through its own template include, about a quarter of a
millisecond each. At national scale a district or area-committee filter has hundreds
of options, which made the directory's filter form cost more than the rest of the
page together. This renderer writes a select's markup in Python, exactly as Django's
select.html / select_option.html / attrs.html templates would (and the checkbox the
admin renders on every row), and leaves every other widget to the templates."""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# The admin renders one of these per row for its actions.
CHECKBOX_TEMPLATE = "django/forms/widgets/checkbox.html"


def _escape(value) -> str:
    # Same entities as django.utils.html.escape, without its per-call overhead.
    return html.escape(str(value), quote=True)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"')
    return "".join(parts)


def render_select(widget: dict) -> str:
    lines = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'  <optgroup label="{_escape(group_name)}">')
        lines.extend(
            f'  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_escape(option['label'])}</option>"
            for option in options
        )
        if group_name:
            lines.append("  </optgroup>")
    lines.append("</select>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped


def render_checkbox(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    name = _escape(widget["name"])
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{_escape(widget["type"])}" name="{name}"{value}{_attrs(widget["attrs"])}>'
    )


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        if template_name == CHECKBOX_TEMPLATE:
            return render_checkbox(context["widget"])
        return super().render(template_name, context, request)
