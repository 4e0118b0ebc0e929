"""The upload checks: the type comes from the content (magic bytes, the parts inside
Office zips, a strict text check for CSV) and must agree with the name; sizes and
messages are as people read them. Also: the demo files are what they claim to be."""

import io
import re
import struct
import zipfile
from xml.etree import ElementTree

import filetype
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge_bank import demo_files
from knowledge_bank.validation import (
    ACCEPTED_LABELS,
    ACCEPTED_TYPES,
    clean_original_name,
    human_size,
    validate_upload,
)

LIMIT = 25 * 1024 * 1024
NOT_ACCEPTED = "This file's content is not a PDF, DOCX, XLSX, PPTX, ODT, CSV, MP3 or MP4 file"
# The start of a Windows program: the "MZ" header, the DOS stub and a PE header.
WINDOWS_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00" * 64
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def rejection(name: str, content: bytes, *, limit: int = LIMIT) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), max_bytes=limit)
    [message] = caught.value.messages
    return message


def sample(extension: str, title: str = "Model standing orders") -> bytes:
    return demo_files.sample_file(
        extension, title=title, text="Standing order 1: meetings.\nOrder 2: quorum."
    )[1]


@pytest.mark.parametrize("extension", demo_files.SAMPLE_EXTENSIONS)
def test_every_accepted_type_is_accepted_from_its_content(extension):
    found = validate_upload(upload(f"model-standing-orders.{extension}", sample(extension)), max_bytes=LIMIT)

    assert found is ACCEPTED_TYPES[extension]
    assert (
        found.content_type
        == {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "odt": "application/vnd.oasis.opendocument.text",
            "csv": "text/csv",
            "mp3": "audio/mpeg",
            "mp4": "video/mp4",
        }[extension]
    )


def test_the_extension_is_read_whatever_its_case():
    assert validate_upload(upload("Standing Orders.PDF", sample("pdf")), max_bytes=LIMIT).extension == "pdf"


def test_a_windows_program_renamed_pdf_is_refused_and_named():
    assert (
        rejection("standing-orders.pdf", WINDOWS_PROGRAM)
        == f"{NOT_ACCEPTED} (it looks like a Windows program)."
    )


def test_an_empty_file_is_refused():
    assert rejection("empty.pdf", b"") == "This file is empty."


def test_an_oversize_file_is_refused_with_both_sizes():
    content = sample("pdf") + b"%" * (int(31.2 * 1024 * 1024) - len(sample("pdf")))
    assert rejection("big.pdf", content).startswith("This file is 31.2 MB; the limit is 25 MB.")
    assert rejection("big.pdf", b"%PDF-1.4" + bytes(2000), limit=1000).startswith(
        "This file is 2 KB; the limit is 1000 bytes."
    )


def test_a_file_just_over_the_limit_says_so_rather_than_two_equal_sizes():
    assert rejection("big.pdf", b"%PDF-1.4" + bytes(LIMIT)).startswith(
        "This file is just over the 25 MB limit."
    )


@pytest.mark.parametrize(
    ("name", "real", "message"),
    [
        ("policy.pdf", "docx", "This file's name ends .pdf but its content is a Word document (DOCX). "
         "Rename it to end .docx, or choose the right file."),
        ("budget.docx", "xlsx", "This file's name ends .docx but its content is an Excel workbook (XLSX)."),
        ("minutes.odt", "pdf", "This file's name ends .odt but its content is a PDF document (PDF)."),
        ("episode.mp4", "mp3", "This file's name ends .mp4 but its content is an MP3 audio file (MP3)."),
        ("results.csv", "xlsx", "This file's name ends .csv but its content is an Excel workbook (XLSX)."),
        ("results.csv", "pdf", "This file's name ends .csv but its content is a PDF document (PDF)."),
    ],
)  # fmt: skip
def test_an_extension_that_disagrees_with_the_content_is_refused(name, real, message):
    assert rejection(name, sample(real)).startswith(message)


def test_a_csv_that_is_actually_binary_is_refused():
    binary = bytes(range(256)) * 8
    assert (
        rejection("members.csv", binary)
        == f"{NOT_ACCEPTED} (it is not plain text, so it cannot be a CSV file)."
    )
    assert rejection("members.csv", WINDOWS_PROGRAM) == f"{NOT_ACCEPTED} (it looks like a Windows program)."
    assert "(it is not plain text" in rejection("members.csv", b"name,role\r\nAsh,clerk\x00\x00\x01\r\n")


def test_a_web_page_named_csv_is_refused():
    page = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    assert (
        rejection("members.csv", page) == f"{NOT_ACCEPTED} (it looks like a web page or markup, not a table)."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"Council,Clerk,Precept\r\nAsh,Jo Smith,12500\r\n",
        "\ufeffCouncil,Precept (£)\r\nWye,9000\r\n".encode(),  # Excel's UTF-8 with a byte-order mark
        "Council,Precept (£)\nCafé society,120\n".encode("cp1252"),  # Excel's Windows-1252 "CSV"
        b"MZ code,Owner\nA1,Ash\n",  # starts like a Windows program but is plain text
        b"ID3 tag,Value\nTitle,Podcast\n",  # starts like an MP3 tag but is plain text
    ],
)
def test_plain_text_tables_are_csv_even_when_they_start_like_something_else(content):
    assert validate_upload(upload("table.csv", content), max_bytes=LIMIT).extension == "csv"


def test_unaccepted_extensions_and_missing_extensions_are_refused_before_reading():
    assert (
        rejection("setup.exe", WINDOWS_PROGRAM)
        == f"Files ending .exe are not accepted: upload a {ACCEPTED_LABELS} file."
    )
    assert (
        rejection("notes.txt", b"hello")
        == f"Files ending .txt are not accepted: upload a {ACCEPTED_LABELS} file."
    )
    assert rejection("README", b"hello").startswith("This file's name has no extension (such as .pdf)")


def test_other_recognised_content_is_described():
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert rejection("logo.pdf", png) == f"{NOT_ACCEPTED} (it looks like a PNG image)."
    assert rejection("pack.docx", zipped.getvalue()) == f"{NOT_ACCEPTED} (it looks like a ZIP archive)."
    assert rejection("x.pdf", b"\x7fELF" + bytes(100)) == f"{NOT_ACCEPTED} (it looks like a Linux program)."
    assert rejection("x.pdf", bytes(100)) == f"{NOT_ACCEPTED} (its type could not be recognised)."


def _rezip(content: bytes, *, change=None, add=()) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info, change(info.filename, data) if change else data)
        for name, data in add:
            archive.writestr(name, data)
    return output.getvalue()


def test_office_files_with_macros_are_refused():
    macro_word = _rezip(
        sample("docx"),
        change=lambda name, data: (
            data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            if name == "[Content_Types].xml"
            else data
        ),
        add=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(100))],
    )
    assert rejection("policy.docx", macro_word).startswith(
        "This file contains macros, which are not accepted."
    )


def test_a_truncated_office_file_is_refused_as_damaged():
    content = sample("docx")
    assert rejection("policy.docx", content[: len(content) // 2]).startswith(
        "This file looks like a DOCX file but is damaged or incomplete"
    )


def test_office_files_are_recognised_whatever_order_their_parts_are_in():
    # LibreOffice writes [Content_Types].xml last, after several docProps parts: the
    # magic-byte sniffer alone calls that "a ZIP"; the parts list says it is Word.
    source = zipfile.ZipFile(io.BytesIO(sample("docx")))
    reordered = io.BytesIO()
    with zipfile.ZipFile(reordered, "w") as archive:
        archive.writestr("_rels/.rels", source.read("_rels/.rels"))
        for extra in (
            "docProps/app.xml",
            "docProps/custom.xml",
            "docProps/thumbnail.xml",
            "docProps/more.xml",
        ):
            archive.writestr(extra, "<x/>")
        for name in ("docProps/core.xml", "word/document.xml", "[Content_Types].xml"):
            archive.writestr(name, source.read(name))
    content = reordered.getvalue()

    assert filetype.guess(content).extension == "zip"
    assert validate_upload(upload("policy.docx", content), max_bytes=LIMIT).extension == "docx"


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (1, "1 byte"), (900, "900 bytes"), (1024, "1 KB"), (3500, "3.4 KB"),
     (120 * 1024 + 300, "120 KB"), (1536 * 1024, "1.5 MB"), (25 * 1024 * 1024, "25 MB")],
)  # fmt: skip
def test_sizes_read_as_people_read_them(size, shown):
    assert human_size(size) == shown


def test_original_names_lose_folders_and_control_characters_but_keep_their_extension():
    assert clean_original_name("C:\\Users\\clerk\\Desktop\\Standing orders.docx") == "Standing orders.docx"
    assert clean_original_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_original_name("bad\x00name\r\n.pdf") == "badname.pdf"
    long_name = clean_original_name("x" * 300 + ".pdf")
    assert len(long_name) == 200 and long_name.endswith(".pdf")


# --- The demo files are genuine ----------------------------------------------


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_office_demo_files_are_complete_packages(extension):
    archive = zipfile.ZipFile(io.BytesIO(sample(extension)))
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    parts = {name: archive.read(name) for name in names}
    for body in parts.values():
        ElementTree.fromstring(body)  # noqa: S314 (our own output)  every part is well-formed XML
    content_types = ElementTree.fromstring(parts["[Content_Types].xml"])  # noqa: S314
    overridden = {element.get("PartName").lstrip("/") for element in content_types if element.get("PartName")}
    assert overridden == {
        name for name in names if not name.endswith(".rels") and name != "[Content_Types].xml"
    }
    for rels_name in (name for name in names if name.endswith(".rels")):
        folder = rels_name.replace("_rels/", "").removesuffix(".rels").rpartition("/")[0]
        for relationship in ElementTree.fromstring(parts[rels_name]):  # noqa: S314
            target = relationship.get("Target")
            resolved = "/".join(_normalise(f"{folder}/{target}" if folder else target))
            assert resolved in parts, f"{rels_name} points at a missing part {resolved}"


def _normalise(path: str) -> list[str]:
    result: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            result.pop()
        elif piece and piece != ".":
            result.append(piece)
    return result


def test_demo_title_and_text_end_up_in_the_documents():
    title, text = "Orders & rules", "Standing order 1: meetings.\nOrder 2: quorum (two)."
    main_parts = {
        "docx": "word/document.xml",
        "odt": "content.xml",
        "pptx": "ppt/slides/slide1.xml",
        "xlsx": "xl/worksheets/sheet1.xml",
    }
    for extension, part in main_parts.items():
        archive = zipfile.ZipFile(io.BytesIO(demo_files.sample_file(extension, title=title, text=text)[1]))
        document = archive.read(part).decode()
        assert (
            "Orders &amp; rules" in document
            and "Standing order 1: meetings. Order 2: quorum (two)." in document
        )
        assert not any(b"KALC-DEMO" in archive.read(name) for name in archive.namelist())
    pdf = demo_files.sample_file("pdf", title=title, text=text)[1]
    assert b"(Orders & rules " in pdf and b"(Standing order 1: meetings. Order 2: quorum \\(two\\). " in pdf
    assert b"KALC-DEMO" not in pdf
    assert demo_files.sample_file("csv", title=title, text=text)[1] == (
        b"\xef\xbb\xbfItem,Detail\r\n1,Standing order 1: meetings.\r\n2,Order 2: quorum (two).\r\n"
    )
    assert (
        demo_files.csv_bytes([["Council", "Precept"], ["Ash", 100]])
        == b"\xef\xbb\xbfCouncil,Precept\r\nAsh,100\r\n"
    )


def test_different_text_gives_different_files_of_the_same_size_for_the_pdf():
    first, second = (
        demo_files.sample_file("pdf", title="Orders", text=f"The {year} text.")[1] for year in (2025, 2026)
    )
    assert first != second and len(first) == len(second)
    assert (
        demo_files.sample_file("docx", title="Orders", text="The 2025 text.")[1]
        != (demo_files.sample_file("docx", title="Orders", text="The 2026 text.")[1])
    )


@pytest.mark.parametrize("title", ["Orders", "A (long) title \\ " * 20])
def test_the_demo_pdf_has_a_correct_cross_reference_table(title):
    content = demo_files.sample_file("pdf", title=title, text="A paragraph (with brackets). " * 20)[1]
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", content).group(1))
    assert content[startxref:].startswith(b"xref\n")
    offsets = [int(offset) for offset in re.findall(rb"^(\d{10}) 00000 n $", content, flags=re.MULTILINE)]
    assert len(offsets) == 7
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", content).group(1))
    stream_at = content.index(b"stream\n") + len(b"stream\n")
    assert content[stream_at + length :].startswith(b"\nendstream")
    assert b"/Count 1" in content


def test_the_demo_mp4_is_a_fast_start_h264_video():
    content = sample("mp4")
    boxes, offset = [], 0
    while offset < len(content):
        size, kind = struct.unpack(">I4s", content[offset : offset + 8])
        boxes.append((kind, offset, size))
        offset += size
    assert [kind for kind, _, _ in boxes] == [b"ftyp", b"moov", b"mdat"]
    assert offset == len(content)
    (_, mdat_at, _) = boxes[2]
    chunk_offset = struct.unpack(">I", content[content.index(b"stco") + 12 : content.index(b"stco") + 16])[0]
    assert chunk_offset == mdat_at + 8  # the index points at the first frame
    assert b"avcC" in content and b"KALC sample video" in content


def test_the_demo_mp3_is_tagged_and_made_of_whole_frames():
    content = sample("mp3")
    assert content.startswith(b"ID3\x04")
    tag_size = sum(byte << shift for byte, shift in zip(content[6:10], (21, 14, 7, 0), strict=True)) + 10
    frames = content[tag_size:]
    assert len(frames) % 417 == 0 and frames[:2] == b"\xff\xfb"
    assert b"KALC sample audio" in content[:tag_size]


def test_the_committed_demo_files_stay_small():
    sizes = {path.name: path.stat().st_size for path in demo_files.SAMPLE_DIR.iterdir()}
    assert set(sizes) == {
        f"sample.{extension}" for extension in demo_files.SAMPLE_EXTENSIONS if extension != "csv"
    }
    assert sum(sizes.values()) < 100 * 1024


def test_sample_file_names_follow_the_title():
    name, content = demo_files.sample_file("odt", title="Model Code of Conduct (2026)")
    assert name == "model-code-of-conduct-2026.odt"
    assert content[30:38] == b"mimetype"
    with pytest.raises(ValueError, match="No sample file for .exe"):
        demo_files.sample_file("exe", title="x")
