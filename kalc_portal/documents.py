"""A shared place where an app can publish a document into the document library.

Why it lives here: surveys may not import knowledge_bank (ARCHITECTURE.md, "Who may
import whom"), yet the office publishes survey templates into the knowledge bank. The
knowledge bank registers its publisher from AppConfig.ready(); surveys calls
publish_document() and never sees knowledge bank code."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedDocument:
    url: str
    version: int


_publisher: Callable[..., PublishedDocument] | None = None


def register_document_publisher(publisher: Callable[..., PublishedDocument]) -> None:
    global _publisher
    _publisher = publisher


def publish_document(
    *, key: str, kind: str, title: str, summary: str, filename: str, content: bytes, user, change_note: str
) -> PublishedDocument:
    """Create (or add a new version to) the document identified by key."""
    if _publisher is None:
        raise RuntimeError("No document library is installed to publish into.")
    return _publisher(
        key=key, kind=kind, title=title, summary=summary, filename=filename, content=content, user=user,
        change_note=change_note,
    )  # fmt: skip
