"""Small but genuine sample files for the knowledge bank: a PDF, Word, Excel,
PowerPoint and OpenDocument file carrying the text given, a CSV table, an MP3 of
silence tagged with the title and a short MP4 video. Each opens in the program
people would use for it and passes the upload checks in validation.py. Used by
the tests and by the demo seed command; nothing here touches the database.

Output is deterministic (fixed timestamps in the zips), so the same title and
text always give the same bytes."""

import csv
import io
import struct
import textwrap
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from kalc_portal.spreadsheets import escape_formula
from knowledge_bank.validation import ACCEPTED_TYPES

SAMPLE_EXTENSIONS = tuple(ACCEPTED_TYPES)
AUTHOR = "Kent Association of Local Councils"
# Every zip entry gets this date, so output does not change from run to run.
_ZIP_DATE = (2026, 1, 1, 9, 0, 0)
_W3C_DATE = "2026-01-01T09:00:00Z"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _xml(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _zip(parts: list[tuple[str, str | bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(parts):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            stored = stored_first and index == 0
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------


def _pdf_string(value: str) -> bytes:
    raw = value.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(title: str, text: str = "") -> bytes:
    """An A4 PDF: the title in bold, then the text wrapped into lines and pages."""
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        lines.extend(textwrap.wrap(paragraph, width=90) or [""])
        lines.append("")
    lines_per_page = 48
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]

    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree's number is known
    page_tree = add(b"")
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    page_numbers = []
    for page_index, page_lines in enumerate(pages):
        stream = [b"BT"]
        if page_index == 0:
            stream += [b"/F2 16 Tf", b"56 780 Td", _pdf_string(title) + b" Tj", b"0 -30 Td"]
        else:
            stream += [b"56 790 Td"]
        stream += [b"/F1 11 Tf", b"15 TL"]
        stream += [_pdf_string(line) + b" Tj T*" for line in page_lines]
        stream += [b"ET"]
        content = b"\n".join(stream)
        content_number = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_numbers.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] " % page_tree
                + b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> " % (regular, bold)
                + b"/Contents %d 0 R >>" % content_number
            )
        )
    info = add(
        b"<< /Title " + _pdf_string(title) + b" /Author " + _pdf_string(AUTHOR) + b" /Producer "
        + _pdf_string("KALC members' portal") + b" /CreationDate (D:20260101090000Z) >>"
    )  # fmt: skip
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))

    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    output.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    output.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, info, xref_at)
    )
    return output.getvalue()


# --- Office Open XML (DOCX, XLSX, PPTX) --------------------------------------

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "application/vnd.openxmlformats-officedocument"


def _content_types(overrides: dict[str, str]) -> str:
    entries = "".join(
        f'<Override PartName="{part}" ContentType="{content_type}"/>'
        for part, content_type in overrides.items()
    )
    return (
        _XML_DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + entries
        + '<Override PartName="/docProps/core.xml" '
        + 'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + "</Types>"
    )


def _relationships(*targets: tuple[str, str]) -> str:
    """Relationships rId1, rId2... to (type, target) pairs; a type without a scheme is an Office one."""
    items = "".join(
        f'<Relationship Id="rId{number}" Type="{kind if "://" in kind else f"{_OFFICE_REL}/{kind}"}" '
        f'Target="{target}"/>'
        for number, (kind, target) in enumerate(targets, start=1)
    )
    return f'{_XML_DECLARATION}<Relationships xmlns="{_RELS_NS}">{items}</Relationships>'


def _core_properties(title: str) -> str:
    return (
        _XML_DECLARATION + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml(title)}</dc:title><dc:creator>{_xml(AUTHOR)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_W3C_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_W3C_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _package(title: str, main: tuple[str, str, str], others: list[tuple[str, str, str]] = ()) -> bytes:
    """A package of (part name, content type, body) whose [Content_Types].xml comes
    first and the main part third: the order Office writes and sniffers look for.
    Relationship parts have no content type of their own (the "rels" default covers them)."""
    main_part = main[0]
    parts = [main, *others]
    overrides = {f"/{name}": content_type for name, content_type, _ in parts if content_type}
    return _zip(
        [
            ("[Content_Types].xml", _content_types(overrides)),
            ("_rels/.rels", _relationships(("officeDocument", main_part), (_CORE_REL, "docProps/core.xml"))),
            *[(name, body) for name, _, body in parts],
            ("docProps/core.xml", _core_properties(title)),
        ]
    )


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(title: str, text: str = "") -> bytes:
    """A Word document (A4): the title as a large bold line, then one paragraph per line of text."""

    def paragraph(value: str, properties: str = "") -> str:
        return f'<w:p><w:r>{properties}<w:t xml:space="preserve">{_xml(value)}</w:t></w:r></w:p>'

    body = paragraph(title, '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>')
    body += "".join(paragraph(line) for line in _paragraphs(text))
    document = (
        f'{_XML_DECLARATION}<w:document xmlns:w="{_W_NS}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" '
        'w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    return _package(title, ("word/document.xml", f"{_OOXML}.wordprocessingml.document.main+xml", document))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Sheet1")[:31]


def xlsx_bytes(title: str, rows: list[list[object]]) -> bytes:
    """An Excel workbook with one sheet named after the title; numbers stay numbers."""
    sheet_rows = []
    for row_number, row in enumerate(rows, start=1):
        cells = []
        for column, value in enumerate(row):
            reference = f"{_column_letter(column)}{row_number}"
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{reference}"><v>{value}</v></c>')
            else:
                inline = f'<is><t xml:space="preserve">{_xml(str(value))}</t></is>'
                cells.append(f'<c r="{reference}" t="inlineStr">{inline}</c>')
        sheet_rows.append(f'<row r="{row_number}">{"".join(cells)}</row>')
    spreadsheet_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    # Columns as wide as their longest value (within reason), as someone tidying the sheet would set them.
    widths = [min(max((len(str(row[i])) for row in rows if i < len(row)), default=8) + 2, 60)
              for i in range(max((len(row) for row in rows), default=0))]  # fmt: skip
    columns = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(widths, start=1)
    )
    worksheet = (
        f'{_XML_DECLARATION}<worksheet xmlns="{spreadsheet_ns}">'
        f"{f'<cols>{columns}</cols>' if columns else ''}"
        f"<sheetData>{''.join(sheet_rows)}</sheetData></worksheet>"
    )
    workbook = (
        f'{_XML_DECLARATION}<workbook xmlns="{spreadsheet_ns}" xmlns:r="{_OFFICE_REL}"><sheets>'
        f'<sheet name="{_xml(_sheet_name(title))}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return _package(
        title,
        ("xl/workbook.xml", f"{_OOXML}.spreadsheetml.sheet.main+xml", workbook),
        [
            ("xl/_rels/workbook.xml.rels", "", _relationships(("worksheet", "worksheets/sheet1.xml"))),
            ("xl/worksheets/sheet1.xml", f"{_OOXML}.spreadsheetml.worksheet+xml", worksheet),
        ],
    )


_P_NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    f'xmlns:r="{_OFFICE_REL}" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
_EMPTY_TREE_START = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)
_THEME = (
    f'{_XML_DECLARATION}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="KALC">'
    '<a:themeElements><a:clrScheme name="KALC">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    '<a:dk2><a:srgbClr val="0B3D63"/></a:dk2><a:lt2><a:srgbClr val="E7EEF4"/></a:lt2>'
    '<a:accent1><a:srgbClr val="0B3D63"/></a:accent1><a:accent2><a:srgbClr val="2E7D32"/></a:accent2>'
    '<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>'
    '<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>'
    '<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>'
    "</a:clrScheme>"
    '<a:fontScheme name="KALC">'
    '<a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
    "</a:fontScheme>"
    '<a:fmtScheme name="KALC">'
    "<a:fillStyleLst>" + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + "</a:fillStyleLst>"
    "<a:lnStyleLst>"
    + "".join(
        f'<a:ln w="{width}"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
        for width in (6350, 12700, 19050)
    )
    + "</a:lnStyleLst>"
    "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3 + "</a:effectStyleLst>"
    "<a:bgFillStyleLst>" + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + "</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements></a:theme>"
)


def _text_box(shape_id: int, name: str, y: int, height: int, paragraphs: list[tuple[str, int, bool]]) -> str:
    runs = "".join(
        f'<a:p><a:r><a:rPr lang="en-GB" sz="{size}"{' b="1"' if is_bold else ""} dirty="0"/>'
        f"<a:t>{_xml(value)}</a:t></a:r></a:p>"
        for value, size, is_bold in paragraphs
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="609600" y="{y}"/><a:ext cx="10972800" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/>{runs}</p:txBody></p:sp>'
    )


def pptx_bytes(title: str, text: str = "") -> bytes:
    """A one-slide PowerPoint presentation (16:9): the title and a line per paragraph of text."""
    body = [(line, 2000, False) for line in _paragraphs(text)] or [("", 2000, False)]
    slide = (
        f"{_XML_DECLARATION}<p:sld {_P_NAMESPACES}><p:cSld><p:spTree>{_EMPTY_TREE_START}"
        + _text_box(2, "Title", 457200, 1143000, [(title, 3600, True)])
        + _text_box(3, "Text", 1828800, 4572000, body)
        + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )
    master = (
        f"{_XML_DECLARATION}<p:sldMaster {_P_NAMESPACES}>"
        f"<p:cSld><p:spTree>{_EMPTY_TREE_START}</p:spTree></p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
        'folHlink="folHlink"/>'
        '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>'
    )
    layout = (
        f'{_XML_DECLARATION}<p:sldLayout {_P_NAMESPACES} type="blank" preserve="1"><p:cSld name="Blank">'
        f"<p:spTree>{_EMPTY_TREE_START}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )
    presentation = (
        f"{_XML_DECLARATION}<p:presentation {_P_NAMESPACES}>"
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
        '<p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
    )
    presentationml = f"{_OOXML}.presentationml"
    to_layout = _relationships(("slideLayout", "../slideLayouts/slideLayout1.xml"))
    return _package(
        title,
        ("ppt/presentation.xml", f"{presentationml}.presentation.main+xml", presentation),
        [
            (
                "ppt/_rels/presentation.xml.rels",
                "",
                _relationships(
                    ("slideMaster", "slideMasters/slideMaster1.xml"),
                    ("slide", "slides/slide1.xml"),
                    ("theme", "theme/theme1.xml"),
                ),
            ),
            ("ppt/slides/slide1.xml", f"{presentationml}.slide+xml", slide),
            ("ppt/slides/_rels/slide1.xml.rels", "", to_layout),
            ("ppt/slideMasters/slideMaster1.xml", f"{presentationml}.slideMaster+xml", master),
            (
                "ppt/slideMasters/_rels/slideMaster1.xml.rels",
                "",
                _relationships(
                    ("slideLayout", "../slideLayouts/slideLayout1.xml"), ("theme", "../theme/theme1.xml")
                ),
            ),
            ("ppt/slideLayouts/slideLayout1.xml", f"{presentationml}.slideLayout+xml", layout),
            (
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                "",
                _relationships(("slideMaster", "../slideMasters/slideMaster1.xml")),
            ),
            ("ppt/theme/theme1.xml", f"{_OOXML}.theme+xml", _THEME),
        ],
    )


# --- OpenDocument text -------------------------------------------------------

_ODT_MIME = "application/vnd.oasis.opendocument.text"


def odt_bytes(title: str, text: str = "") -> bytes:
    """An OpenDocument text document (LibreOffice Writer): a heading and the paragraphs."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    namespaces = f'xmlns:office="{office}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    paragraphs = "".join(f"<text:p>{_xml(line)}</text:p>" for line in _paragraphs(text))
    content = (
        f'{_XML_DECLARATION}<office:document-content {namespaces} office:version="1.3"><office:body>'
        f'<office:text><text:h text:outline-level="1">{_xml(title)}</text:h>{paragraphs}</office:text>'
        "</office:body></office:document-content>"
    )
    meta = (
        f'{_XML_DECLARATION}<office:document-meta xmlns:office="{office}" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"><office:meta>'
        f"<dc:title>{_xml(title)}</dc:title><meta:initial-creator>{_xml(AUTHOR)}</meta:initial-creator>"
        f"<meta:creation-date>{_W3C_DATE[:-1]}</meta:creation-date></office:meta></office:document-meta>"
    )
    manifest = (
        f"{_XML_DECLARATION}"
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        f'manifest:media-type="{_ODT_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    # The mimetype entry must come first and uncompressed: that is how readers recognise the format.
    return _zip(
        [
            ("mimetype", _ODT_MIME),
            ("content.xml", content),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ],
        stored_first=True,
    )


# --- CSV ---------------------------------------------------------------------


def csv_bytes(rows: list[list[object]]) -> bytes:
    """A CSV table as Excel in the UK writes it: UTF-8 with a byte-order mark, CRLF line ends."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[escape_formula(cell) for cell in row] for row in rows]
    )
    return buffer.getvalue().encode("utf-8-sig")


def rows_from_text(title: str, text: str = "") -> list[list[object]]:
    """A small table made from the text: one numbered row per line, under a header row."""
    lines = _paragraphs(text) or [title]
    return [
        ["Item", "Detail", "Words"],
        *[[number, line, len(line.split())] for number, line in enumerate(lines, 1)],
    ]


# --- MP3 ---------------------------------------------------------------------


def _syncsafe(value: int) -> bytes:
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def _id3_frame(frame_id: str, payload: bytes) -> bytes:
    return frame_id.encode("ascii") + _syncsafe(len(payload)) + b"\x00\x00" + payload


def mp3_bytes(title: str, text: str = "", *, seconds: float = 1.0) -> bytes:
    """Silence as MPEG-1 Layer III (128 kbit/s, 44.1 kHz, mono) under an ID3v2.4 tag
    carrying the title, the association as artist and the text as a comment."""
    utf8 = b"\x03"
    frames = _id3_frame("TIT2", utf8 + title.encode())
    frames += _id3_frame("TPE1", utf8 + AUTHOR.encode())
    if text:
        frames += _id3_frame("COMM", utf8 + b"eng" + b"\x00" + " ".join(_paragraphs(text)).encode())
    tag = b"ID3\x04\x00\x00" + _syncsafe(len(frames)) + frames
    # Header FF FB 90 C4: MPEG-1 Layer III, no CRC, 128 kbit/s, 44.1 kHz, no padding, mono.
    # A frame of zeros after the header (side information included) decodes as silence.
    frame_length = 144 * 128000 // 44100  # 417 bytes
    frame = b"\xff\xfb\x90\xc4" + bytes(frame_length - 4)
    frame_count = max(1, round(seconds * 44100 / 1152))
    return tag + frame * frame_count


# --- MP4 ---------------------------------------------------------------------


class _BitWriter:
    def __init__(self):
        self.bits: list[int] = []

    def u(self, count: int, value: int) -> None:
        self.bits.extend((value >> (count - 1 - i)) & 1 for i in range(count))

    def ue(self, value: int) -> None:
        value += 1
        self.u(2 * value.bit_length() - 1, value)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align(self) -> None:
        while len(self.bits) % 8:
            self.bits.append(0)

    def raw(self, data: bytes) -> None:
        assert len(self.bits) % 8 == 0
        for byte in data:
            self.u(8, byte)

    def trailing(self) -> bytes:
        self.u(1, 1)
        self.align()
        return bytes(int("".join(map(str, self.bits[i : i + 8])), 2) for i in range(0, len(self.bits), 8))


def _nal(header: int, payload: bytes) -> bytes:
    # Emulation prevention: 00 00 followed by 00-03 gets a 03 between them.
    escaped, zeros = bytearray(), 0
    for byte in payload:
        if zeros >= 2 and byte <= 3:
            escaped.append(3)
            zeros = 0
        escaped.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes([header]) + bytes(escaped)


def _h264_frames(width: int, height: int, frame_count: int, colour: tuple[int, int, int]):
    """SPS, PPS and frames of Constrained Baseline H.264: one IDR picture of raw
    (I_PCM) macroblocks in the given YCbCr colour, then P pictures that skip every
    macroblock. Any decoder plays it; no encoder library is needed."""
    mbs_wide, mbs_high = width // 16, height // 16
    sps = _BitWriter()
    sps.u(8, 66)  # profile: Baseline
    sps.u(8, 0xC0)  # constraint_set0 and set1: Constrained Baseline
    sps.u(8, 30)  # level 3.0
    sps.ue(0)  # seq_parameter_set_id
    sps.ue(0)  # log2_max_frame_num_minus4: frame_num has 4 bits
    sps.ue(2)  # pic_order_cnt_type 2: output order is decoding order
    sps.ue(1)  # max_num_ref_frames
    sps.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    sps.ue(mbs_wide - 1)
    sps.ue(mbs_high - 1)
    sps.u(1, 1)  # frame_mbs_only_flag
    sps.u(1, 1)  # direct_8x8_inference_flag
    sps.u(1, 0)  # frame_cropping_flag
    sps.u(1, 0)  # vui_parameters_present_flag
    sps_nal = _nal(0x67, sps.trailing())

    pps = _BitWriter()
    pps.ue(0)  # pic_parameter_set_id
    pps.ue(0)  # seq_parameter_set_id
    pps.u(1, 0)  # entropy_coding_mode_flag: CAVLC
    pps.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    pps.ue(0)  # num_slice_groups_minus1
    pps.ue(0)  # num_ref_idx_l0_default_active_minus1
    pps.ue(0)  # num_ref_idx_l1_default_active_minus1
    pps.u(1, 0)  # weighted_pred_flag
    pps.u(2, 0)  # weighted_bipred_idc
    pps.se(0)  # pic_init_qp_minus26
    pps.se(0)  # pic_init_qs_minus26
    pps.se(0)  # chroma_qp_index_offset
    pps.u(1, 0)  # deblocking_filter_control_present_flag
    pps.u(1, 0)  # constrained_intra_pred_flag
    pps.u(1, 0)  # redundant_pic_cnt_present_flag
    pps_nal = _nal(0x68, pps.trailing())

    luma, blue, red = colour
    macroblock = bytes([luma]) * 256 + bytes([blue]) * 64 + bytes([red]) * 64
    idr = _BitWriter()
    idr.ue(0)  # first_mb_in_slice
    idr.ue(7)  # slice_type: I (every slice of the picture)
    idr.ue(0)  # pic_parameter_set_id
    idr.u(4, 0)  # frame_num
    idr.ue(0)  # idr_pic_id
    idr.u(1, 0)  # no_output_of_prior_pics_flag
    idr.u(1, 0)  # long_term_reference_flag
    idr.se(0)  # slice_qp_delta
    for _ in range(mbs_wide * mbs_high):
        idr.ue(25)  # mb_type: I_PCM
        idr.align()  # pcm_alignment_zero_bit
        idr.raw(macroblock)
    frames = [_nal(0x65, idr.trailing())]

    for frame_num in range(1, frame_count):
        skip = _BitWriter()
        skip.ue(0)  # first_mb_in_slice
        skip.ue(5)  # slice_type: P (every slice of the picture)
        skip.ue(0)  # pic_parameter_set_id
        skip.u(4, frame_num % 16)
        skip.u(1, 0)  # num_ref_idx_active_override_flag
        skip.u(1, 0)  # ref_pic_list_modification_flag_l0
        skip.u(1, 0)  # adaptive_ref_pic_marking_mode_flag
        skip.se(0)  # slice_qp_delta
        skip.ue(mbs_wide * mbs_high)  # mb_skip_run: the whole picture repeats the last one
        frames.append(_nal(0x41, skip.trailing()))
    return sps_nal, pps_nal, frames


def _box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, flags: int, *payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *payload)


_UNITY_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def mp4_bytes(title: str, text: str = "", *, seconds: int = 2, width: int = 64, height: int = 48) -> bytes:
    """A short silent H.264 video in KALC blue (fast-start MP4: the index before the
    data, so browsers start playing at once), with the title and text as metadata."""
    fps = 2
    timescale = 1000
    sps, pps, frames = _h264_frames(width, height, max(1, seconds * fps), colour=(59, 152, 103))
    samples = [struct.pack(">I", len(frame)) + frame for frame in frames]
    duration = len(samples) * timescale // fps

    def moov(data_offset: int) -> bytes:
        avcc = _box(
            b"avcC",
            bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]),
            struct.pack(">H", len(sps)),
            sps,
            b"\x01",
            struct.pack(">H", len(pps)),
            pps,
        )
        compressor = b"KALC sample".ljust(31, b"\x00")
        avc1 = _box(
            b"avc1",
            bytes(6),
            struct.pack(">H", 1),  # data_reference_index
            bytes(16),
            struct.pack(">HH", width, height),
            struct.pack(">II", 0x00480000, 0x00480000),  # 72 dpi
            bytes(4),
            struct.pack(">H", 1),  # frame_count
            bytes([len(b"KALC sample")]) + compressor,
            struct.pack(">Hh", 0x18, -1),
            avcc,
        )
        sample_table = _box(
            b"stbl",
            _full_box(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
            _full_box(b"stts", 0, 0, struct.pack(">III", 1, len(samples), timescale // fps)),
            _full_box(b"stss", 0, 0, struct.pack(">II", 1, 1)),
            _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(samples), 1)),
            _full_box(
                b"stsz",
                0,
                0,
                struct.pack(">II", 0, len(samples)),
                *(struct.pack(">I", len(s)) for s in samples),
            ),
            _full_box(b"stco", 0, 0, struct.pack(">II", 1, data_offset)),
        )
        media = _box(
            b"mdia",
            _full_box(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, timescale, duration, 0x55C4, 0)),  # "und"
            _full_box(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\x00"),
            _box(
                b"minf",
                _full_box(b"vmhd", 0, 1, bytes(8)),
                _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1))),
                sample_table,
            ),
        )
        track = _box(
            b"trak",
            _full_box(
                b"tkhd",
                0,
                3,
                struct.pack(">IIIII", 0, 0, 1, 0, duration),
                bytes(8),
                struct.pack(">hhhH", 0, 0, 0, 0),
                _UNITY_MATRIX,
                struct.pack(">II", width << 16, height << 16),
            ),  # fmt: skip
            media,
        )

        def tag(kind: bytes, value: str) -> bytes:
            return _box(kind, _box(b"data", struct.pack(">II", 1, 0), value.encode()))  # 1: UTF-8

        metadata = [tag(b"\xa9nam", title), tag(b"\xa9ART", AUTHOR)]
        if text:
            metadata.append(tag(b"desc", " ".join(_paragraphs(text))))
        user_data = _box(
            b"udta",
            _full_box(
                b"meta",
                0,
                0,
                _full_box(b"hdlr", 0, 0, bytes(4), b"mdir", b"appl", bytes(9)),
                _box(b"ilst", *metadata),
            ),
        )
        header = _full_box(
            b"mvhd", 0, 0, struct.pack(">IIII", 0, 0, timescale, duration),
            struct.pack(">IH", 0x10000, 0x100), bytes(10), _UNITY_MATRIX, bytes(24), struct.pack(">I", 2),
        )  # fmt: skip
        return _box(b"moov", header, track, user_data)

    file_type = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isom", b"iso2", b"avc1", b"mp41")
    # The offsets in the index depend on the index's own size, which does not depend on them.
    data_offset = len(file_type) + len(moov(0)) + 8
    return file_type + moov(data_offset) + _box(b"mdat", *samples)


# --- One call for any type ----------------------------------------------------

_GENERATORS = {
    "pdf": pdf_bytes,
    "docx": docx_bytes,
    "pptx": pptx_bytes,
    "odt": odt_bytes,
    "mp3": mp3_bytes,
    "mp4": mp4_bytes,
    "xlsx": lambda title, text="": xlsx_bytes(title, rows_from_text(title, text)),
    "csv": lambda title, text="": csv_bytes(rows_from_text(title, text)),
}


def sample_file(extension: str, *, title: str, text: str = "") -> tuple[str, bytes]:
    """A file name (from the title) and the content of a sample file of that type."""
    if extension not in _GENERATORS:
        raise ValueError(
            f"No sample generator for .{extension}; choose one of {', '.join(SAMPLE_EXTENSIONS)}."
        )
    name = f"{slugify(title)[:80] or 'sample'}.{extension}"
    return name, _GENERATORS[extension](title, text)


def sample_upload(extension: str, *, title: str, text: str = "", name: str = "") -> SimpleUploadedFile:
    """The sample as the upload a browser would send (for tests and the seed command)."""
    default_name, content = sample_file(extension, title=title, text=text)
    return SimpleUploadedFile(
        name or default_name, content, content_type=ACCEPTED_TYPES[extension].content_type
    )
