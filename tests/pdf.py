"""Reading the PDFs WeasyPrint makes (certificates, survey templates) in tests, without
pypdf (not installed): the inflated streams hold the XMP metadata, and the laid-out
boxes hold the words (the PDF's own text is glyph ids)."""

import re
import zlib


def pdf_streams(pdf: bytes) -> bytes:
    """Every Flate stream of the PDF, inflated (WeasyPrint compresses the object streams,
    the XMP metadata among them)."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def laid_out_text(html: str, base_url: str | None = None) -> str:
    """The words WeasyPrint lays out on the pages of this HTML (its own document model),
    whitespace collapsed."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    words = []

    def walk(box):
        if getattr(box, "text", None):
            words.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(words).split())
