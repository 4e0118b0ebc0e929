"""Downloads and versions of a resource's file. Thin: permission -> form ->
service/selector -> response.

Files live in storages["private"], which has no URL: every byte goes through these
views, which check who is asking. /knowledge/<slug>/download/ always serves the
current version, so links in old newsletters keep working."""

import logging
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from kalc_portal.parsing import PG_BIGINT_MAX, parse_int
from knowledge_bank import permissions
from knowledge_bank.forms.files import VersionUploadForm
from knowledge_bank.models import FileVersion, Resource
from knowledge_bank.selectors import files as file_selectors
from knowledge_bank.selectors import resource_page as page_selectors
from knowledge_bank.services import files as file_services
from knowledge_bank.validation import type_for_content_type

logger = logging.getLogger(__name__)

_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$", re.ASCII)
_CHUNK_BYTES = 64 * 1024


def _resource(slug: str) -> Resource:
    # The body and search vector can be large and are not needed to serve a file.
    resource = Resource.objects.defer("body", "body_html", "search_vector").filter(slug=slug).first()
    if resource is None:
        raise Http404("No such resource.")
    return resource


def _refuse(request, resource: Resource):
    """Answer as the resource page answers for it, so these addresses tell nobody more
    than /knowledge/<slug>/ does: signed-out people are asked to sign in only for a
    resource whose page is public or asks them to sign in (members' and clerks' items);
    a draft or a staff-only item stays unknown (404, as for a slug that never existed).
    Signed-in people who may not have it get 404, which reveals nothing about it."""
    if not request.user.is_authenticated and (
        permissions.can_view_resource(request.user, resource) or page_selectors.needs_sign_in(resource.slug)
    ):
        return redirect_to_login(request.get_full_path())
    raise Http404("No such resource.")


def _open(version: FileVersion):
    try:
        return version.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "File of %s (version %s) is missing from private storage", version.resource_id, version.pk
        )
        raise Http404("The file is missing.") from None


def _read(handle, length: int):
    try:
        while length > 0:
            chunk = handle.read(min(_CHUNK_BYTES, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _byte_position(text: str) -> int | None:
    """A byte position from a Range header; one too long to parse is past any file's end."""
    if text == "":
        return None
    number = parse_int(text, maximum=PG_BIGINT_MAX)
    return PG_BIGINT_MAX if number is None else number


def _requested_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte of a single "bytes=" range, None without one, False when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = (_byte_position(text) for text in match.groups())
    if first is None:  # the last N bytes
        first, last = max(size - last, 0), size - 1
    else:
        first, last = first, min(size - 1 if last is None else last, size - 1)
    if first >= size or first > last:
        return False
    return first, last


def _private_headers(response: HttpResponse, *, ranges: bool) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Member-only content: never kept by shared caches, and rechecked on each visit
    # (the same URL serves the next version tomorrow).
    response["Cache-Control"] = "private, no-cache"
    response["Accept-Ranges"] = "bytes" if ranges else "none"
    return response


def _file_response(request, version: FileVersion, *, inline: bool):
    handle = _open(version)
    if inline:
        # Players (Safari especially) fetch audio and video in ranges to start and to seek.
        wanted = _requested_range(request.headers.get("Range", ""), version.size)
        if wanted is False:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{version.size}"
            return _private_headers(response, ranges=True)
        if wanted is not None:
            first, last = wanted
            handle.seek(first)
            response = StreamingHttpResponse(
                _read(handle, last - first + 1), status=206, content_type=version.content_type
            )
            response["Content-Range"] = f"bytes {first}-{last}/{version.size}"
            response["Content-Length"] = str(last - first + 1)
            response["Content-Disposition"] = content_disposition_header(False, version.original_name)
            return _private_headers(response, ranges=True)
    response = FileResponse(
        handle, as_attachment=not inline, filename=version.original_name, content_type=version.content_type
    )
    return _private_headers(response, ranges=inline)


@require_safe
def download(request, slug):
    """The current version of the resource's file, at a URL that never changes."""
    resource = _resource(slug)
    if not permissions.can_download(request.user, resource):
        return _refuse(request, resource)
    version = file_selectors.current_version(resource)
    if version is None:
        raise Http404("This resource has no file.")
    file_type = type_for_content_type(version.content_type)
    inline = request.GET.get("inline") == "1" and bool(file_type and file_type.media)
    # A player fetching audio or video in the page is not a download; nor is a HEAD request.
    if not inline and request.method == "GET":
        file_services.resource_download_record(resource=resource, version=version, user=request.user)
    return _file_response(request, version, inline=inline)


@require_safe
def download_version(request, slug, number):
    """Any version by number, for staff (members always get the current one)."""
    resource = _resource(slug)
    if not permissions.can_download_old_version(request.user, resource):
        return _refuse(request, resource)
    version = file_selectors.version_by_number(resource, number)
    if version is None:
        raise Http404("No such version.")
    return _file_response(request, version, inline=False)


@require_http_methods(["GET", "HEAD", "POST"])
def upload_version(request, slug):
    resource = _resource(slug)
    if not permissions.can_upload_version(request.user, resource):
        return _refuse(request, resource)
    current = file_selectors.current_version(resource)
    bound = request.method == "POST"
    form = VersionUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        previous_number=current.number if current else None,
    )
    if bound and form.is_valid():
        try:
            version = file_services.resource_version_upload(
                resource=resource,
                uploaded_file=form.cleaned_data["file"],
                uploaded_by=request.user,
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Version {version.number} of “{resource.title}” is uploaded; the download link serves it.",
            )
            return redirect("knowledge_bank:resource", slug=resource.slug)
    return render(
        request,
        "knowledge_bank/upload_version.html",
        {"resource": resource, "form": form, "current": current},
    )


urlpatterns = [
    path("<slug:slug>/download/", download, name="download"),
    path("<slug:slug>/versions/<int:number>/download/", download_version, name="download_version"),
    path("<slug:slug>/upload/", upload_version, name="upload_version"),
]
