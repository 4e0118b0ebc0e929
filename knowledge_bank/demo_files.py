"""Sample files for the knowledge bank's demo content and tests, read from the small
committed files in knowledge_bank/data/demo_files/ (one genuine file per accepted
type, each passing the checks in validation.py; nothing here touches the database).

The Word, PowerPoint, OpenDocument and Excel samples are templates: the title and
text given replace the placeholders in their XML parts, so different text gives
different files. The PDF has fixed-width placeholders (the title, then one line of
the text), filled and padded to the same length so its cross-reference table stays
right. The MP3 and MP4 are served as committed. A CSV is plain text, written with
the csv module."""

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from kalc_portal.spreadsheets import escape_formula
from knowledge_bank.validation import ACCEPTED_TYPES

SAMPLE_EXTENSIONS = tuple(ACCEPTED_TYPES)
SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "demo_files"
TEMPLATE_EXTENSIONS = ("docx", "pptx", "odt", "xlsx")
TITLE_PLACEHOLDER = b"KALC-DEMO-TITLE"
TEXT_PLACEHOLDER = b"KALC-DEMO-TEXT"
# In the PDF each placeholder is padded with underscores to the width of its field.
_PDF_FIELD = re.compile(rb"(KALC-DEMO-TITLE|KALC-DEMO-TEXT)_*")


def csv_bytes(rows: list[list[object]]) -> bytes:
    """A CSV table as Excel in the UK writes it: UTF-8 with a byte-order mark, CRLF line ends."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[escape_formula(cell) for cell in row] for row in rows]
    )
    return buffer.getvalue().encode("utf-8-sig")


def _filled(template: bytes, *, title: str, text: str) -> bytes:
    """The template zip with its placeholders replaced; entry order, dates and compression kept."""
    values = {
        TITLE_PLACEHOLDER: escape(title).encode(),
        TEXT_PLACEHOLDER: escape(" ".join(text.split())).encode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".xml"):
                for placeholder, value in values.items():
                    data = data.replace(placeholder, value)
            target.writestr(info, data)
    return buffer.getvalue()


def _pdf_field(value: str, width: int) -> bytes:
    """The value as the inside of a PDF string, cut to fit and padded with spaces to `width` bytes."""
    while True:
        raw = value.encode("cp1252", errors="replace")
        escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        if len(escaped) <= width:
            return escaped.ljust(width)
        value = value[:-1]


def _filled_pdf(template: bytes, *, title: str, text: str) -> bytes:
    values = {TITLE_PLACEHOLDER: title, TEXT_PLACEHOLDER: " ".join(text.split())}
    return _PDF_FIELD.sub(lambda match: _pdf_field(values[match[1]], len(match[0])), template)


def sample_file(extension: str, *, title: str, text: str = "") -> tuple[str, bytes]:
    """A file name (from the title) and the content of a sample file of that type."""
    if extension not in SAMPLE_EXTENSIONS:
        raise ValueError(f"No sample file for .{extension}; choose one of {', '.join(SAMPLE_EXTENSIONS)}.")
    name = f"{slugify(title)[:80] or 'sample'}.{extension}"
    if extension == "csv":
        lines = [line.strip() for line in text.splitlines() if line.strip()] or [title]
        return name, csv_bytes(
            [["Item", "Detail"], *[[number, line] for number, line in enumerate(lines, 1)]]
        )
    content = (SAMPLE_DIR / f"sample.{extension}").read_bytes()
    if extension in TEMPLATE_EXTENSIONS:
        content = _filled(content, title=title, text=text or title)
    elif extension == "pdf":
        content = _filled_pdf(content, title=title, text=text or title)
    return name, content


def sample_upload(extension: str, *, title: str, text: str = "", name: str = "") -> SimpleUploadedFile:
    """The sample as the upload a browser would send (for tests and the seed command)."""
    default_name, content = sample_file(extension, title=title, text=text)
    return SimpleUploadedFile(
        name or default_name, content, content_type=ACCEPTED_TYPES[extension].content_type
    )
