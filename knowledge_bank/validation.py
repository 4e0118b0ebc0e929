"""What the knowledge bank accepts as a file: the type is decided by the content
(magic bytes through `filetype`, the parts inside Office and OpenDocument zips,
a strict text check for CSV, which has no magic bytes), and the name's extension
must agree with it. Messages are written for the member of staff uploading."""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str  # what people call it: "PDF", "DOCX"
    content_type: str
    description: str  # "a Word document"

    @property
    def media(self) -> str:
        """Either "audio" or "video" when a browser can play it in the page, else ""."""
        major = self.content_type.split("/")[0]
        return major if major in ("audio", "video") else ""


PDF = FileType("pdf", "PDF", "application/pdf", "a PDF document")
DOCX = FileType(
    "docx",
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "a Word document",
)
XLSX = FileType(
    "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook"
)
PPTX = FileType(
    "pptx",
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "a PowerPoint presentation",
)
ODT = FileType("odt", "ODT", "application/vnd.oasis.opendocument.text", "an OpenDocument text document")
CSV = FileType("csv", "CSV", "text/csv", "a CSV spreadsheet")
MP3 = FileType("mp3", "MP3", "audio/mpeg", "an MP3 audio file")
MP4 = FileType("mp4", "MP4", "video/mp4", "an MP4 video")

ACCEPTED_TYPES: dict[str, FileType] = {t.extension: t for t in (PDF, DOCX, XLSX, PPTX, ODT, CSV, MP3, MP4)}
ACCEPTED_BY_CONTENT_TYPE: dict[str, FileType] = {t.content_type: t for t in ACCEPTED_TYPES.values()}
_LABELS = [t.label for t in ACCEPTED_TYPES.values()]
ACCEPTED_LABELS = f"{', '.join(_LABELS[:-1])} or {_LABELS[-1]}"  # "PDF, DOCX, ... MP3 or MP4"
# For the file input's accept attribute: a hint to the browser's file picker, never a check.
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ACCEPTED_TYPES)

# How people would describe a file `filetype` recognises but we do not accept.
_KNOWN_OTHER_TYPES = {
    "exe": "a Windows program",
    "elf": "a Linux program",
    "wasm": "a WebAssembly program",
    "dmg": "a Mac disk image",
    "zip": "a ZIP archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gz": "a compressed (gzip) archive",
    "tar": "a TAR archive",
    "cab": "a Windows cabinet archive",
    "doc": "an old-style Word document (.doc)",
    "xls": "an old-style Excel workbook (.xls)",
    "ppt": "an old-style PowerPoint presentation (.ppt)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "odp": "an OpenDocument presentation (.odp)",
    "epub": "an e-book (EPUB)",
    "rtf": "a Rich Text document (.rtf)",
    "ps": "a PostScript file",
    "swf": "a Flash file",
    "sqlite": "an SQLite database",
    "m4a": "an M4A audio file",
    "mov": "a QuickTime video",
}

# How much of the file filetype needs (it reads 8 KB itself).
_HEAD_BYTES = 8192
# Reading parts of a zip to identify it: a cap, so a zip bomb cannot exhaust memory.
_ZIP_PART_READ_LIMIT = 256 * 1024
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_MACRO_MARKERS = (b"macroEnabled", b"vbaProject")
_ZIP_FAMILY = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}
# Text formats with a signature: a file starting like these is not a table.
_TEXT_WITH_SIGNATURE = {"pdf", "rtf", "ps"}
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)", re.IGNORECASE)
# Control characters never found in a real CSV (tab, line feed and carriage return are fine).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def human_size(size: int) -> str:
    """Sizes as people read them: 900 bytes, 3.4 KB, 120 KB, 1.5 MB, 25 MB."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        value = size / scale
        if value < 1024 or unit == "GB":
            if value >= 100:
                return f"{value:.0f} {unit}"
            return f"{value:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def type_for_content_type(content_type: str) -> FileType | None:
    return ACCEPTED_BY_CONTENT_TYPE.get(content_type)


def clean_original_name(name: str, *, max_length: int = 200) -> str:
    """The file's own name without any folder a browser sent, control characters or
    excess length (the extension is kept when shortening)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = _ANY_CONTROL_CHARACTER.sub("", base).strip().strip(".") or "file"
    if len(base) > max_length:
        stem, dot, extension = base.rpartition(".")
        if dot and len(extension) < 10:
            base = stem[: max_length - len(extension) - 1].rstrip() + "." + extension
        else:
            base = base[:max_length]
    return base


def _extension(name: str) -> str:
    stem, dot, extension = clean_original_name(name).rpartition(".")
    return extension.lower() if dot and stem else ""


def _read_head(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    uploaded_file.seek(0)
    return head


def _zip_type(uploaded_file, claimed: FileType | None) -> FileType | None:
    """Open the zip to see what it really is: DOCX/XLSX/PPTX by the main part in
    [Content_Types].xml (whatever order the writer put the entries in), ODT by its
    mimetype entry. None when it is some other zip. Raises for damaged files and macros."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(200).strip().decode("ascii", "replace")
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(_ZIP_PART_READ_LIMIT)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError):
        label = claimed.label if claimed else "Office"
        raise ValidationError(
            f"This file looks like a {label} file but is damaged or incomplete, so it cannot be opened. "
            "Save it again and upload the new copy.",
            code="damaged",
        ) from None
    finally:
        uploaded_file.seek(0)
    has_macro_part = any(name.lower().endswith("vbaproject.bin") for name in names)
    if has_macro_part or any(marker in content_types for marker in _MACRO_MARKERS):
        raise ValidationError(
            "This file contains macros, which are not accepted. Save it without macros "
            "(as a .docx, .xlsx or .pptx) and upload that.",
            code="macros",
        )
    for main_part, file_type in _OOXML_MAIN_PARTS.items():
        if main_part.encode() in content_types:
            return file_type
    return None


def _looks_like_csv(uploaded_file) -> tuple[bool, str]:
    """A careful text check: the whole file decodes as UTF-8 (a BOM is fine) or
    Windows-1252 (Excel's "CSV" in the UK), has no control characters or NUL bytes,
    is not a web page and parses as comma-separated rows."""
    uploaded_file.seek(0)
    raw = uploaded_file.read()
    uploaded_file.seek(0)
    if _MARKUP_START.match(raw.removeprefix(codecs.BOM_UTF8)):
        return False, "it looks like a web page or markup, not a table"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False, "it is not plain text, so it cannot be a CSV file"
    if _CONTROL_CHARACTERS.search(text):
        return False, "it is not plain text, so it cannot be a CSV file"
    if not text.strip():
        return False, "it has no rows"
    try:
        rows = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
    except csv.Error:
        return False, "its rows cannot be read as comma-separated values"
    if not rows:
        return False, "it has no rows"
    return True, ""


def _looks_like(guess) -> str:
    if guess.extension in _KNOWN_OTHER_TYPES:
        return f"it looks like {_KNOWN_OTHER_TYPES[guess.extension]}"
    noun = {"image": "image", "audio": "audio file", "video": "video"}.get(guess.mime.split("/")[0], "file")
    name = guess.extension.upper()
    # Initialisms are read letter by letter: "an MKV video", "a JPG image".
    article = "an" if name[0] in "AEFHILMNORSX" else "a"
    return f"it looks like {article} {name} {noun}"


def sniff(uploaded_file, *, extension: str = "") -> tuple[FileType | None, str]:
    """What the content is: (accepted type, "") or (None, why not) for the message."""
    head = _read_head(uploaded_file)
    guess = filetype.guess(head)
    guessed = guess.extension if guess else ""
    if guessed in _ZIP_FAMILY:
        found = _zip_type(uploaded_file, ACCEPTED_TYPES.get(extension))
        if found:
            return found, ""
        return None, f"it looks like {_KNOWN_OTHER_TYPES.get(guessed, 'a ZIP archive')}"
    if extension == "csv" and guessed not in _TEXT_WITH_SIGNATURE:
        # Weak signatures ("MZ", "ID3") can begin a real table: the text check decides.
        is_csv, reason = _looks_like_csv(uploaded_file)
        if is_csv:
            return CSV, ""
        if not guess:
            return None, reason
    if guessed in ACCEPTED_TYPES:
        return ACCEPTED_TYPES[guessed], ""
    if guess:
        return None, _looks_like(guess)
    return None, "its type could not be recognised"


def validate_upload(uploaded_file, *, max_bytes: int) -> FileType:
    """Check an uploaded file's size, name and content; return its type or raise a
    ValidationError whose message says what is wrong and what to do."""
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError("This file is empty.", code="empty")
    if size > max_bytes:
        shown, limit = human_size(size), human_size(max_bytes)
        if shown == limit:
            message = f"This file is just over the {limit} limit."
        else:
            message = f"This file is {shown}; the limit is {limit}."
        raise ValidationError(
            f"{message} Make it smaller (for example by compressing its images) and try again.",
            code="too_large",
        )
    name = clean_original_name(uploaded_file.name)
    extension = _extension(name)
    if not extension:
        raise ValidationError(
            f"This file's name has no extension (such as .pdf), so its type is unclear. "
            f"Upload a {ACCEPTED_LABELS} file whose name ends with its type.",
            code="no_extension",
        )
    if extension not in ACCEPTED_TYPES:
        raise ValidationError(
            f"Files ending .{extension} are not accepted: upload a {ACCEPTED_LABELS} file.",
            code="extension_not_accepted",
        )
    found, reason = sniff(uploaded_file, extension=extension)
    if found is None:
        raise ValidationError(
            f"This file's content is not a {ACCEPTED_LABELS} file ({reason}).", code="content_not_accepted"
        )
    if found.extension != extension:
        raise ValidationError(
            f"This file's name ends .{extension} but its content is {found.description} ({found.label}). "
            f"Rename it to end .{found.extension}, or choose the right file.",
            code="extension_mismatch",
        )
    return found
