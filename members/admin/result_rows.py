"""A change list's rows written in Python, for admins whose columns are plain model fields.

Django's result_list works cell by cell: for each of 50 rows x 9 columns it looks the
column up again (lookup_field), formats the value (display_for_field), reverses the
change URL and renders the action checkbox through the form renderer, and every piece
goes through format_html. On the council list that was about half the page's time.
Here the work that is the same on every row (which column is which, the choice labels,
the change URL with its preserved filters, the checkbox's fixed attributes) is done
once per page, and each row is then one f-string of escaped values.

The markup is Django's own (members/tests/test_admin_result_rows.py compares the two):
the same headers (Django's result_headers), the same change_list_results.html template,
the same cells. Anything this module does not know how to write the same way (a
callable or related-lookup column, list_editable, list_display_links, a popup, a
non-integer primary key, URL/file/boolean/date fields...) falls back to Django's
result_list, so a new column can never be shown differently, only more slowly."""

from collections.abc import Callable
from html import escape

from django.contrib.admin import ModelAdmin, helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

CellWriter = Callable[[models.Model], str]

# Text columns Django shows as the stripped value (display_for_value). URLField and the
# file fields are links in Django's list, and JSONField is dumped: those fall back.
_TEXT_FIELDS = (models.CharField, models.TextField)
_LINKED_TEXT_FIELDS = (models.URLField, models.FilePathField)
_NUMBER_FIELDS = (models.IntegerField, models.FloatField)
# A marker primary key, swapped for each row's own in the change URL built once per page.
_PK_MARKER = "result-row-pk"


def result_list(cl) -> dict:
    """The context Django's admin_list.result_list returns, with each row's cells already joined."""
    row_writer = _row_writer(cl)
    if row_writer is None:
        return admin_list.result_list(cl)
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        # change_list_results.html prints each row's items in a <tr>: here a row is one item.
        "results": [admin_list.ResultList(None, [row_writer(result)]) for result in cl.result_list],
    }


def _row_writer(cl) -> Callable[[models.Model], SafeString] | None:
    """One function writing a whole row's cells, or None where Django's cells would differ."""
    opts = cl.lookup_opts
    if cl.formset or cl.is_popup or cl.to_field or not isinstance(opts.pk, models.AutoField):
        return None
    if cl.list_display_links is None or list(cl.list_display_links) != [_first_field(cl)]:
        return None
    empty_value_display = cl.model_admin.get_empty_value_display()
    link = _change_link(cl)
    writers = []
    first = True
    for field_name in cl.list_display:
        if field_name == "action_checkbox":
            if type(cl.model_admin).action_checkbox is not ModelAdmin.action_checkbox:
                return None
            writers.append(_checkbox_cell())
            continue
        writer = _field_value_writer(cl, field_name, empty_value_display)
        if writer is None:
            return None
        value_writer, classes = writer
        if first:
            if link is None:
                return None
            writers.append(_linked_cell(classes, value_writer, link))
            first = False
        else:
            writers.append(_plain_cell(classes, value_writer))

    def write_row(result):
        return SafeString("".join([writer(result) for writer in writers]))

    return write_row


def _first_field(cl) -> str | None:
    return next((name for name in cl.list_display if name != "action_checkbox"), None)


def _field_value_writer(cl, field_name, empty_value_display) -> tuple[CellWriter, str] | None:
    """(a function giving the cell's escaped content, the cell's class attribute) for a plain field."""
    if not isinstance(field_name, str):
        return None
    try:
        field = cl.lookup_opts.get_field(field_name)
    except FieldDoesNotExist:
        return None
    if field.auto_created or field.name != field_name:  # e.g. "area_committee_id": Django's own path
        return None
    classes = f"field-{field_name}"
    empty = str(empty_value_display)  # marked safe by the admin, printed as it is
    if isinstance(field, models.ForeignKey):
        # Django prints the related object's str(); select_related keeps it to one query.
        def related(result):
            value = getattr(result, field_name)
            return empty if value is None else escape(str(value))

        return related, f"{classes} nowrap"
    if field.is_relation:
        return None
    if getattr(field, "flatchoices", None):
        try:
            labels = {value: conditional_escape(label) for value, label in field.flatchoices}
        except TypeError:
            return None  # unhashable choices: Django has its own path for those

        def choice(result):
            return labels.get(getattr(result, field_name), empty)

        return choice, classes
    if isinstance(field, _TEXT_FIELDS) and not isinstance(field, _LINKED_TEXT_FIELDS):

        def text(result):
            value = getattr(result, field_name)
            if value is None:
                return empty
            value = str(value).strip()
            return escape(value) if value else empty

        return text, classes
    if isinstance(field, _NUMBER_FIELDS):
        empty_values = field.empty_values
        # number_format reads the locale's formats on every call; a page repeats its values
        # (membership years), so each is formatted once per page.
        formatted = {}

        def number(result):
            value = getattr(result, field_name)
            if value in empty_values:
                return empty
            if value not in formatted:
                formatted[value] = escape(str(formats.number_format(value)))
            return formatted[value]

        return number, classes
    return None


def _change_link(cl) -> tuple[str, str] | None:
    """The escaped change URL (with the list's filters preserved) either side of a row's pk."""
    try:
        url = cl.url_for_result(cl.model(pk=_PK_MARKER))
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, marker, after = escape(url).partition(_PK_MARKER)
    if not marker or _PK_MARKER in after:
        return None
    return before, after


def _checkbox_cell() -> CellWriter:
    # ModelAdmin.action_checkbox: Django's checkbox widget with the object's str() in its label.
    label = gettext("Select this object for an action - {}")
    name = escape(helpers.ACTION_CHECKBOX_NAME)

    def checkbox(result):
        # format_html: the translated text as it is, the object's name escaped.
        aria_label = label.format(escape(str(result)))
        return (
            f'<td class="action-checkbox"><input type="checkbox" name="{name}" value="{result.pk}" '
            f'class="action-select" aria-label="{aria_label}"></td>'
        )

    return checkbox


def _linked_cell(classes: str, value: CellWriter, link: tuple[str, str]) -> CellWriter:
    before, after = link

    def linked(result):
        return f'<th class="{classes}"><a href="{before}{result.pk}{after}">{value(result)}</a></th>'

    return linked


def _plain_cell(classes: str, value: CellWriter) -> CellWriter:
    def plain(result):
        return f'<td class="{classes}">{value(result)}</td>'

    return plain
