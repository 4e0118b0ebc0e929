"""The download views (headers, stable URL, counting, audio/video in the page), the
staff upload page (errors next to the field, nothing stored when refused) and the
file panel partial on the resource page."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings

from knowledge_bank.demo_files import SAMPLE_EXTENSIONS, sample_file, sample_upload
from knowledge_bank.models import Download, FileVersion, Resource
from knowledge_bank.selectors.files import resource_file_panel
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    resource_with_versions,
    stored_files,
    upload,
    version_bytes,
)
from knowledge_bank.validation import human_size

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Downloads -----------------------------------------------------------------


def test_the_download_is_an_attachment_with_its_name_type_and_private_headers(client, people, login_as):
    resource = resource_with_versions(people["staff"], 0, title="Model standing orders")
    version = upload(resource, people["staff"], "docx", name="Standing orders (2026).docx")
    login_as("clerk_a")

    response = client.get(f"/knowledge/{resource.slug}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Standing orders (2026).docx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Length"] == str(version.size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-cache"
    assert body(response) == version_bytes(version)


def test_a_name_outside_ascii_is_encoded_for_every_browser(client, people, login_as):
    resource = resource_with_versions(people["staff"], 0)
    upload(resource, people["staff"], name="Café – rules £.pdf")
    login_as("clerk_a")

    disposition = client.get(f"/knowledge/{resource.slug}/download/")["Content-Disposition"]

    assert disposition == "attachment; filename*=utf-8''Caf%C3%A9%20%E2%80%93%20rules%20%C2%A3.pdf"


def test_the_stable_url_serves_the_newest_version_and_staff_reach_the_old_one(client, people, login_as):
    resource = resource_with_versions(people["staff"], 2, kind=Resource.Kind.TEMPLATE)
    v1, v2 = resource.versions.order_by("number")
    login_as("staff")

    assert body(client.get(f"/knowledge/{resource.slug}/download/")) == version_bytes(v2)
    assert body(client.get(f"/knowledge/{resource.slug}/versions/1/download/")) == version_bytes(v1)
    assert version_bytes(v1) != version_bytes(v2)


def test_downloads_are_counted_and_recorded_once_per_person_and_version(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1, audience=Resource.Audience.PUBLIC)
    url = f"/knowledge/{resource.slug}/download/"

    client.get(url)  # anonymous: counted, not recorded
    login_as("clerk_a")
    client.get(url)
    client.get(url)
    client.head(url)  # not a download
    client.get(f"{url}?inline=1")  # a PDF cannot be played in the page: a normal, counted download

    resource.refresh_from_db()
    assert resource.download_count == 4
    assert list(Download.objects.values_list("user", "version__number")) == [(people["clerk_a"].pk, 1)]


def test_staff_fetching_an_old_version_is_not_a_download(client, people, login_as):
    resource = resource_with_versions(people["staff"], 2)
    login_as("staff")
    client.get(f"/knowledge/{resource.slug}/versions/1/download/")
    resource.refresh_from_db()
    assert resource.download_count == 0
    assert not Download.objects.exists()


@pytest.mark.parametrize("extension", ["mp3", "mp4"])
def test_audio_and_video_play_in_the_page_in_ranges_without_counting(client, people, login_as, extension):
    resource = resource_with_versions(people["staff"], 1, extension=extension, kind=Resource.Kind.PODCAST)
    version = resource.versions.get()
    content = version_bytes(version)
    url = f"/knowledge/{resource.slug}/download/?inline=1"
    login_as("councillor_a")

    whole = client.get(url)
    start = client.get(url, headers={"range": "bytes=0-99"})
    middle = client.get(url, headers={"range": "bytes=1000-"})
    tail = client.get(url, headers={"range": "bytes=-50"})
    beyond = client.get(url, headers={"range": f"bytes={len(content)}-"})

    assert whole.status_code == 200
    assert whole["Content-Disposition"].startswith("inline;")
    assert whole["Content-Type"] == {"mp3": "audio/mpeg", "mp4": "video/mp4"}[extension]
    assert whole["Accept-Ranges"] == "bytes"
    assert body(whole) == content
    assert (start.status_code, start["Content-Range"], body(start)) == (
        206,
        f"bytes 0-99/{len(content)}",
        content[:100],
    )
    assert start["Content-Length"] == "100" and start["Cache-Control"] == "private, no-cache"
    assert body(middle) == content[1000:]
    assert middle["Content-Range"] == f"bytes 1000-{len(content) - 1}/{len(content)}"
    assert body(tail) == content[-50:]
    assert (beyond.status_code, beyond["Content-Range"]) == (416, f"bytes */{len(content)}")
    resource.refresh_from_db()
    assert resource.download_count == 0 and not Download.objects.exists()
    assert client.get(f"/knowledge/{resource.slug}/download/")["Content-Disposition"].startswith(
        "attachment;"
    )


def test_a_file_missing_from_storage_is_not_found_rather_than_an_error(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1)
    resource.versions.get().file.delete(save=False)
    login_as("clerk_a")
    assert client.get(f"/knowledge/{resource.slug}/download/").status_code == 404


def test_files_live_outside_public_media_and_no_media_url_serves_them(client, people, login_as):
    version = resource_with_versions(people["staff"], 1, audience=Resource.Audience.PUBLIC).versions.get()
    assert not version.file.path.startswith(str(settings.MEDIA_ROOT))
    login_as("staff")
    assert client.get(f"{settings.MEDIA_URL}{version.file.name}").status_code == 404


# --- The staff upload page -----------------------------------------------------


def field_block(html: str, field: str) -> str:
    """The crispy wrapper of one field: its label, input, error and help text."""
    match = re.search(rf'<div id="div_id_{field}".*?(?=<div id="div_id_|<button)', html, flags=re.DOTALL)
    assert match, f"no {field} field on the page"
    return match.group(0)


def test_the_upload_page_is_a_labelled_multipart_form(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1, title="Model standing orders")
    login_as("staff")

    html = client.get(f"/knowledge/{resource.slug}/upload/").content.decode()

    assert html.count("<h1") == 1
    assert "Upload a new version of “Model standing orders”" in html
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<label\s+for="id_file"', field_block(html, "file"))
    assert 'accept=".pdf,.docx,.xlsx,.pptx,.odt,.csv,.mp3,.mp4"' in field_block(html, "file")
    assert "up to 25 MB" in field_block(html, "file")
    assert "What changed since version 1" in field_block(html, "change_note")
    assert "The current file is version 1" in html


def test_a_good_upload_redirects_to_the_resource_with_a_message(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1, title="Model standing orders")
    login_as("staff")

    response = client.post(
        f"/knowledge/{resource.slug}/upload/",
        {"file": sample_upload("odt", title="Orders"), "change_note": "Adds remote attendance."},
        follow=True,
    )

    assert response.redirect_chain == [(f"/knowledge/{resource.slug}/", 302)]
    assert "Version 2 of “Model standing orders” is uploaded; the download link serves it." in (
        response.content.decode()
    )
    latest = resource.versions.get(number=2)
    assert (latest.change_note, latest.content_type, latest.uploaded_by) == (
        "Adds remote attendance.",
        "application/vnd.oasis.opendocument.text",
        people["staff"],
    )


def test_the_first_version_needs_no_change_note(client, people, login_as):
    resource = resource_with_versions(people["staff"], 0)
    login_as("staff")
    html = client.get(f"/knowledge/{resource.slug}/upload/").content.decode()
    assert "Notes on this first version (optional)" in html

    response = client.post(
        f"/knowledge/{resource.slug}/upload/", {"file": sample_upload("csv", title="List")}
    )

    assert response.status_code == 302
    assert resource.versions.get().number == 1


WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
REJECTIONS = {
    "a Windows program renamed .pdf": (
        lambda: SimpleUploadedFile("standing-orders.pdf", WINDOWS_PROGRAM),
        "This file&#x27;s content is not a PDF, DOCX, XLSX, PPTX, ODT, CSV, MP3 or MP4 file "
        "(it looks like a Windows program).",
    ),
    "an oversize file": (
        lambda: SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"%" * (9 * 1024)),
        "This file is 9 KB; the limit is 4 KB.",
    ),
    "an empty file": (lambda: SimpleUploadedFile("empty.pdf", b""), "This file is empty."),
    "a Word file named .pdf": (
        lambda: sample_upload("docx", title="Orders", name="orders.pdf"),
        "This file&#x27;s name ends .pdf but its content is a Word document (DOCX).",
    ),
    "a binary file named .csv": (
        lambda: SimpleUploadedFile("members.csv", bytes(range(256)) * 4),
        "(it is not plain text, so it cannot be a CSV file).",
    ),
    "no file at all": (lambda: "", "Choose a file to upload."),
}


@pytest.mark.parametrize("case", REJECTIONS)
@override_settings(KNOWLEDGE_MAX_UPLOAD_BYTES=4096)
def test_a_refused_file_shows_why_next_to_the_field_and_stores_nothing(client, people, login_as, case):
    resource = resource_with_versions(people["staff"], 0)
    files_before = stored_files()
    make_file, message = REJECTIONS[case]
    login_as("staff")

    response = client.post(
        f"/knowledge/{resource.slug}/upload/", {"file": make_file(), "change_note": "A note I typed."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_block(html, "file")
    assert 'class="alert alert-danger error-summary"' in html and '<a href="#id_file">File: ' in html
    assert "A note I typed." in field_block(html, "change_note")  # what was typed is kept
    assert FileVersion.objects.count() == 0
    assert stored_files() == files_before


def test_a_bad_file_and_a_missing_change_note_are_reported_together(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1)
    login_as("staff")

    response = client.post(
        f"/knowledge/{resource.slug}/upload/", {"file": SimpleUploadedFile("orders.pdf", WINDOWS_PROGRAM)}
    )

    html = response.content.decode()
    assert "(it looks like a Windows program)." in field_block(html, "file")
    assert "Say what changed since version 1." in field_block(html, "change_note")
    assert resource.versions.count() == 1


def test_a_missing_change_note_shows_next_to_its_field(client, people, login_as):
    resource = resource_with_versions(people["staff"], 1)
    files_before = stored_files()
    login_as("staff")

    response = client.post(f"/knowledge/{resource.slug}/upload/", {"file": sample_upload("pdf", title="x")})

    assert "Say what changed since version 1." in field_block(response.content.decode(), "change_note")
    assert resource.versions.count() == 1
    assert stored_files() == files_before


@pytest.mark.parametrize("extension", SAMPLE_EXTENSIONS)
def test_every_accepted_type_uploads_through_the_page(client, people, login_as, extension):
    resource = resource_with_versions(people["staff"], 0)
    name, content = sample_file(extension, title="Parish precept 2026", text="Band D: £52.40.")
    login_as("staff")

    response = client.post(f"/knowledge/{resource.slug}/upload/", {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 302
    version = resource.versions.get()
    assert (version.original_name, version.size, version_bytes(version)) == (name, len(content), content)


# --- The file panel on the resource page ---------------------------------------


def render_panel(resource, user) -> str:
    context = {**resource_file_panel(user, resource), "resource": resource, "user": user}
    return render_to_string("knowledge_bank/_partials/resource_files.html", context)


def test_a_member_sees_the_current_file_the_update_line_and_the_history(people):
    resource = resource_with_versions(people["staff"], 0, title="Model code of conduct")
    upload(resource, people["staff"], text="First text.")
    latest = upload(resource, people["staff"], text="Second text.", note="Adds the 2026 guidance on gifts.")

    html = render_panel(resource, people["clerk_a"])

    size = human_size(latest.size)
    assert (
        f'<a class="btn btn-primary resource-download" href="/knowledge/{resource.slug}/download/">' in html
    )
    assert f"Download Model code of conduct (PDF, {size})</a>" in html
    date = latest.uploaded_at.strftime("%-d %B %Y")
    assert f"<strong>Updated on {date}</strong> – Adds the 2026 guidance on gifts.</p>" in html
    assert html.count('class="version-row"') == 2
    assert "First version" in html and people["staff"].get_full_name() in html
    assert "/versions/" not in html  # old versions are for staff
    assert "/upload/" not in html


def test_staff_see_old_version_links_and_the_upload_link(people):
    resource = resource_with_versions(people["staff"], 3)

    html = render_panel(resource, people["staff"])

    assert f'href="/knowledge/{resource.slug}/versions/1/download/"' in html
    assert f'href="/knowledge/{resource.slug}/versions/2/download/"' in html
    assert f'href="/knowledge/{resource.slug}/versions/3/download/"' not in html  # the stable link serves it
    assert f'href="/knowledge/{resource.slug}/upload/">Upload a new version' in html


def test_signed_out_visitors_get_the_download_link_of_a_public_resource(people):
    resource = resource_with_versions(people["staff"], 2, audience=Resource.Audience.PUBLIC)

    html = render_panel(resource, AnonymousUser())

    assert f'href="/knowledge/{resource.slug}/download/"' in html
    assert "/versions/" not in html and "/upload/" not in html


def test_a_single_version_has_no_update_line_or_history(people):
    resource = resource_with_versions(people["staff"], 1)
    html = render_panel(resource, people["councillor_a"])
    assert "Updated on" not in html and "version-row" not in html
    assert "/download/" in html


def test_without_a_file_members_see_nothing_and_staff_are_offered_an_upload(people):
    resource = resource_with_versions(people["staff"], 0)
    assert render_panel(resource, people["clerk_a"]).strip() == ""
    assert "Upload a file" in render_panel(resource, people["staff"])


@pytest.mark.parametrize(("extension", "element"), [("mp3", "audio"), ("mp4", "video")])
def test_audio_and_video_get_a_player_with_the_inline_url(people, extension, element):
    resource = resource_with_versions(people["staff"], 1, extension=extension, kind=Resource.Kind.PODCAST)

    html = render_panel(resource, people["councillor_a"])

    assert f'<{element} controls preload="' in html
    assert f'src="/knowledge/{resource.slug}/download/?inline=1"' in html
    assert f'href="/knowledge/{resource.slug}/download/"' in html  # and a download link as well


def test_documents_get_no_player(people):
    html = render_panel(resource_with_versions(people["staff"], 1, extension="docx"), people["clerk_a"])
    assert "<audio" not in html and "<video" not in html and "inline=1" not in html


def test_the_resource_page_shows_the_file_panel(client, people, login_as):
    resource = resource_with_versions(people["staff"], 2, title="Model grants policy")
    login_as("clerk_a")

    html = client.get(f"/knowledge/{resource.slug}/").content.decode()

    assert "Download Model grants policy (PDF, " in html
    assert f'href="/knowledge/{resource.slug}/download/"' in html
    assert "– Change 2</p>" in html
