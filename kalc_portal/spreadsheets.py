"""Spreadsheet cells that cannot run as formulae. A cell that starts with "=", "+", "-",
"@", a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula (=HYPERLINK(...), =cmd|..., -2+3), so text people typed (a council's address, a
name) could act when the office opens an export. Every CSV/XLSX/ODS the portal writes
passes its cells through escape_formula, which keeps such text as text by putting an
apostrophe in front (OWASP's advice); unescape_formula takes it off again on import, so an
export imported back changes nothing."""

from import_export import resources

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
ESCAPE = "'"


def escape_formula(value):
    """`value` with an apostrophe in front when it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_formula(value):
    """The text escape_formula was given (an exported cell read back)."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class FormulaSafeResource(resources.ModelResource):
    """A django-import-export resource whose exports (every format) carry no formulae and
    whose imports read its own escaped cells back as the original text."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            row[key] = unescape_formula(value)
        super().before_import_row(row, **kwargs)
