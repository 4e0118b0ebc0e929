"""Reads about a resource's file versions, for the file panel on the resource page."""

from dataclasses import dataclass

from django.urls import reverse

from knowledge_bank import permissions
from knowledge_bank.models import FileVersion, Resource
from knowledge_bank.validation import human_size, type_for_content_type


@dataclass(frozen=True)
class VersionRow:
    number: int
    uploaded_at: object
    uploaded_by_name: str
    change_note: str
    original_name: str
    content_type: str
    type_label: str
    size_display: str
    is_current: bool
    # The stable URL for the current version; the numbered one for staff; "" otherwise.
    download_url: str


@dataclass(frozen=True)
class FilePanel:
    current: VersionRow | None
    versions: list[VersionRow]
    download_label: str  # "Download Model standing orders (PDF, 120 KB)"
    download_url: str
    inline_url: str  # for <audio>/<video>: the same file, served inline
    media: str  # "audio", "video" or ""
    can_download: bool
    can_download_old: bool
    can_upload: bool
    upload_url: str

    @property
    def has_history(self) -> bool:
        return len(self.versions) > 1


def current_version(resource: Resource) -> FileVersion | None:
    """The version /knowledge/<slug>/download/ serves: the highest number."""
    return FileVersion.objects.filter(resource=resource).order_by("-number").first()


def version_by_number(resource: Resource, number: int) -> FileVersion | None:
    return FileVersion.objects.filter(resource=resource, number=number).first()


def resource_versions(resource: Resource) -> list[FileVersion]:
    """Every version of the resource's file, newest first, with the uploader (one query)."""
    return list(
        FileVersion.objects.filter(resource=resource)
        .select_related("uploaded_by")
        .only(
            "number",
            "original_name",
            "content_type",
            "size",
            "change_note",
            "uploaded_at",
            "resource_id",
            "uploaded_by__full_name",
            "uploaded_by__email",
        )  # fmt: skip
        .order_by("-number")
    )


def resource_file_panel(user, resource) -> dict:
    """Context for templates/knowledge_bank/_partials/resource_files.html: the current
    file and its download link, the version history and the staff actions. Two
    queries at most, whatever the number of versions."""
    can_download = permissions.can_download(user, resource)
    can_download_old = permissions.can_download_old_version(user, resource)
    download_url = reverse("knowledge_bank:download", args=[resource.slug])
    rows = []
    # resource_page.resource_for_reader says when there is no file: no query then.
    versions = resource_versions(resource) if getattr(resource, "has_file_versions", True) else []
    for index, version in enumerate(versions):
        file_type = type_for_content_type(version.content_type)
        is_current = index == 0
        if is_current:
            url = download_url if can_download else ""
        elif can_download_old:
            url = reverse("knowledge_bank:download_version", args=[resource.slug, version.number])
        else:
            url = ""
        rows.append(
            VersionRow(
                number=version.number,
                uploaded_at=version.uploaded_at,
                uploaded_by_name=version.uploaded_by.get_full_name(),
                change_note=version.change_note,
                original_name=version.original_name,
                content_type=version.content_type,
                type_label=file_type.label if file_type else version.content_type,
                size_display=human_size(version.size),
                is_current=is_current,
                download_url=url,
            )
        )
    current = rows[0] if rows else None
    current_type = type_for_content_type(current.content_type) if current else None
    media = current_type.media if current_type else ""
    can_upload = permissions.can_upload_version(user, resource)
    panel = FilePanel(
        current=current,
        versions=rows,
        download_label=(
            f"Download {resource.title} ({current.type_label}, {current.size_display})" if current else ""
        ),
        download_url=download_url if current and can_download else "",
        inline_url=f"{download_url}?inline=1" if media and can_download else "",
        media=media,
        can_download=can_download,
        can_download_old=can_download_old,
        can_upload=can_upload,
        upload_url=reverse("knowledge_bank:upload_version", args=[resource.slug]) if can_upload else "",
    )
    return {"file_panel": panel}
