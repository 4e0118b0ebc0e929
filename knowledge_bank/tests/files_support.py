"""Helpers shared by the test_files_* modules: what is in private storage, a fixture
that removes what a test stored there, and resources with versions built through
the real upload service."""

from pathlib import Path

import pytest
from django.core.files.storage import storages

from knowledge_bank.demo_files import sample_upload
from knowledge_bank.models import FileVersion, Resource
from knowledge_bank.services.files import resource_version_upload
from knowledge_bank.tests.factories import ResourceFactory


def private_root() -> Path:
    return Path(storages["private"].location)


def stored_files() -> set[Path]:
    root = private_root()
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture(autouse=True)
def private_files():
    """Whatever a test writes to private storage is removed when it ends."""
    before = stored_files()
    yield
    for path in stored_files() - before:
        path.unlink()
        for folder in path.parents:
            if folder == private_root() or any(folder.iterdir()):
                break
            folder.rmdir()


def upload(resource: Resource, by, extension: str = "pdf", *, text: str = "", note: str = "", name: str = ""):
    return resource_version_upload(
        resource=resource,
        uploaded_file=sample_upload(
            extension, title=resource.title, text=text or resource.summary, name=name
        ),
        uploaded_by=by,
        change_note=note,
    )


def resource_with_versions(by, count: int = 1, *, extension: str = "pdf", **resource_fields) -> Resource:
    """A resource (published members' guide unless told otherwise) with `count` versions."""
    resource = ResourceFactory(**resource_fields)
    for number in range(1, count + 1):
        upload(
            resource, by, extension, text=f"Text of version {number}.", note=f"Change {number}" * (number > 1)
        )
    return resource


def version_bytes(version: FileVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()
