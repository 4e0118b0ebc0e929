"""Form rendering that keeps long <select>s cheap.

Django renders every <option> through its own template include, about a quarter of a
millisecond each. At national scale a district or area-committee filter has hundreds
of options, which made the directory's filter form cost more than the rest of the
page together. This renderer writes a select's markup in Python, exactly as Django's
select.html / select_option.html / attrs.html templates would (and the checkbox the
admin renders on every row), and leaves every other widget to the templates.

For the longest lists (every district, every area committee) LongChoiceField and its
LongSelect widget go further: the choices are kept as given and their escaped <option>
lines remembered, so drawing hundreds of options costs a lookup."""

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# The admin renders one of these per row for its actions.
CHECKBOX_TEMPLATE = "django/forms/widgets/checkbox.html"


def _escape(value) -> str:
    # Same entities as django.utils.html.escape, without its per-call overhead.
    return html.escape(str(value), quote=True)


def _attr_value(value) -> str:
    # As attrs.html's {{ value|stringformat:'s' }}: text already marked safe (the admin's
    # format_html() labels) is written as it is, anything else escaped.
    return str(value) if isinstance(value, SafeData) else _escape(value)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_attr_value(value)}"')
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


# Escaped <option> lines per choice list, keyed by the list's identity: forms build their long
# lists once per data version (members.forms.directory) and hand over the same tuple each request.
_option_lines_cache: dict[int, tuple[tuple, tuple[tuple[str, str, str], ...]]] = {}


def _option_lines(choices: tuple) -> tuple[tuple[str, str, str], ...]:
    """(value, the option's markup, the same option selected) for each choice.

    Raises TypeError for anything but flat (value, plain text label) pairs."""
    cached = _option_lines_cache.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    lines = []
    for option, label in choices:
        if type(label) is not str:
            raise TypeError("LongSelect takes plain text labels, not groups or lazy text")
        value = "" if option is None else str(option)
        opening = f'  <option value="{_escape(value)}"'
        closing = f">{_escape(label)}</option>"
        lines.append((value, opening + closing, opening + " selected" + closing))
    if len(_option_lines_cache) >= 64:
        _option_lines_cache.clear()
    _option_lines_cache[id(choices)] = (choices, tuple(lines))
    return _option_lines_cache[id(choices)][1]


class LongSelect(forms.Select):
    """A single <select> with hundreds of plain (value, label) options, e.g. every area committee.

    Django builds a dict per option on every render before any template runs; at national
    scale that alone cost a millisecond or two per list. This widget writes the same markup
    as Django's templates (and render_select above) from options escaped once per choice
    list and remembered, so a render costs a lookup. Nested (optgroup) choices and anything
    not plain text fall back to Django. Give it a tuple that is built once (see
    members.forms.directory.filter_choices); a list is escaped again on every render."""

    # Kept as given: ChoiceWidget would normalise hundreds of pairs on every assignment.
    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = value if isinstance(value, tuple) else tuple(value)

    def render(self, name, value, attrs=None, renderer=None):
        try:
            lines = _option_lines(self.choices)
        except (TypeError, ValueError):
            return super().render(name, value, attrs, renderer)
        selected_values = self.format_value(value)
        html_lines = [f'<select name="{_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, plain, selected in lines:
            # As ChoiceWidget.optgroups: only the first matching option is selected.
            if not has_selected and option_value in selected_values:
                html_lines.append(selected)
                has_selected = True
            else:
                html_lines.append(plain)
        html_lines.append("</select>")
        return mark_safe("\n".join(html_lines))  # noqa: S308 - every value above is escaped


class LongChoiceField(forms.ChoiceField):
    """A ChoiceField for hundreds of plain (value, label) pairs, rendered by LongSelect.

    ChoiceField normalises its choices on every assignment (twice: field and widget); here
    the pairs are kept as given. Give it flat pairs only, as the selectors build them."""

    widget = LongSelect

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = self.widget.choices = value if isinstance(value, tuple) else tuple(value)

    def valid_value(self, value) -> bool:
        text = str(value)
        return any(text == str(option) for option, _label in self._choices)
