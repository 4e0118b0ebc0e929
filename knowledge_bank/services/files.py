"""File versions, downloads and superseded notices (to be built)."""

from knowledge_bank.models import FileVersion, Resource


def resource_version_upload(
    *, resource: Resource, uploaded_file, uploaded_by, change_note: str = ""
) -> FileVersion:
    """Store a new current version of the resource's file (older versions are kept)."""
    raise NotImplementedError
