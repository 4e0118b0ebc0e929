"""Versions, downloads and superseded notices, through the real services on real
PostgreSQL, Redis and private file storage."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kalc_portal.outbox.tests.support import sent_mail
from knowledge_bank.demo_files import sample_upload
from knowledge_bank.models import Download, FileVersion, Resource, SupersededNotice
from knowledge_bank.services.files import (
    resource_download_record,
    resource_version_upload,
    superseded_notice_send,
    superseded_notices_send,
)
from knowledge_bank.tests.factories import ResourceFactory
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    stored_files,
    upload,
    version_bytes,
)
from members.services.core import position_end, user_deactivate

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_kept_and_stored_privately(people):
    staff = people["staff"]
    resource = ResourceFactory(title="Model financial regulations", kind=Resource.Kind.MODEL_POLICY)
    before = resource.updated_at

    first = upload(resource, staff, "docx", text="The 2025 text.", name="Financial regulations 2025.docx")
    second = upload(resource, staff, "docx", text="The 2026 text.", note="  Limits raised   to £5,000. ")
    third = upload(resource, staff, "pdf", note="Now a PDF.")

    versions = list(resource.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[0].original_name == "Financial regulations 2025.docx"
    assert (
        versions[0].content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert versions[2].content_type == "application/pdf"
    assert versions[1].change_note == "Limits raised to £5,000."
    assert {v.uploaded_by for v in versions} == {staff}
    assert [v.size for v in versions] == [len(version_bytes(v)) for v in versions]
    assert b"2025" in _docx_text(first) and b"2026" in _docx_text(second)
    assert len({v.file.name for v in versions}) == 3  # an upload never overwrites an earlier one
    assert all(v.file.name.startswith(f"knowledge/{resource.pk}/") for v in versions)
    assert {str(p) for p in stored_files()} >= {v.file.path for v in versions}
    resource.refresh_from_db()
    assert resource.updated_at > before
    assert resource.updated_at == third.uploaded_at


def _docx_text(version: FileVersion) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(version_bytes(version))).read("word/document.xml")


def test_a_later_version_needs_a_change_note_and_nothing_is_stored_without_one(people):
    resource = ResourceFactory()
    upload(resource, people["staff"])
    files_before = stored_files()

    with pytest.raises(ValidationError) as caught:
        upload(resource, people["staff"], note="   ")

    assert caught.value.message_dict == {
        "change_note": ["Say what changed since version 1: it is shown on the resource page."]
    }
    assert resource.versions.count() == 1
    assert stored_files() == files_before


def test_a_rejected_file_is_keyed_to_the_file_field_and_nothing_is_stored(people):
    resource = ResourceFactory()
    files_before = stored_files()
    disguised = sample_upload("pdf", title="x")
    disguised.file.seek(0)
    disguised.file.write(b"MZ\x90\x00" + bytes(60))
    disguised.file.seek(0)

    with pytest.raises(ValidationError) as caught:
        resource_version_upload(resource=resource, uploaded_file=disguised, uploaded_by=people["staff"])

    assert list(caught.value.message_dict) == ["file"]
    assert "it looks like a Windows program" in caught.value.message_dict["file"][0]
    assert not FileVersion.objects.exists()
    assert stored_files() == files_before


def test_the_database_refuses_two_versions_with_one_number(people):
    resource = ResourceFactory()
    version = upload(resource, people["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        FileVersion.objects.create(
            resource=resource, number=1, file=version.file.name, original_name="x.pdf",
            content_type="application/pdf", size=10, uploaded_by=people["staff"],
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_uploads_at_the_same_moment_wait_for_each_other_and_get_consecutive_numbers(people):
    resource = ResourceFactory(title="Model complaints procedure")
    staff = people["staff"]
    outcome = {}

    def second_upload():
        try:
            outcome["version"] = upload(resource, staff, note="Second, uploaded at the same moment.")
        except Exception as error:  # reported below
            outcome["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        # Hold the resource's row lock, as an upload in progress does.
        Resource.objects.select_for_update().get(pk=resource.pk)
        other = threading.Thread(target=second_upload)
        other.start()
        time.sleep(0.5)
        assert other.is_alive(), "the second upload should be waiting for the row lock"
        first = upload(resource, staff)
    other.join(timeout=20)

    assert "error" not in outcome, outcome.get("error")
    assert (first.number, outcome["version"].number) == (1, 2)


def test_downloads_are_counted_and_each_person_is_recorded_once_per_version(people):
    staff = people["staff"]
    resource = ResourceFactory()
    first = upload(resource, staff)
    second = upload(resource, staff, note="Corrected dates.")

    for _ in range(3):
        resource_download_record(resource=resource, version=first, user=people["clerk_a"])
    resource_download_record(resource=resource, version=second, user=people["clerk_a"])
    resource_download_record(resource=resource, version=second, user=None)

    resource.refresh_from_db()
    assert resource.download_count == 5
    assert sorted(Download.objects.values_list("version__number", "user")) == [
        (1, people["clerk_a"].pk),
        (2, people["clerk_a"].pk),
    ]


@pytest.mark.parametrize(
    ("kind", "notifies"),
    [
        (Resource.Kind.LEGAL_NOTE, True),
        (Resource.Kind.MODEL_POLICY, True),
        (Resource.Kind.TEMPLATE, True),
        (Resource.Kind.SURVEY_TEMPLATE, True),
        (Resource.Kind.GUIDE, False),
        (Resource.Kind.PODCAST, False),
    ],
)
def test_only_a_new_version_of_a_legal_note_policy_or_template_queues_notices(
    people, django_capture_on_commit_callbacks, kind, notifies
):
    resource = ResourceFactory(kind=kind)
    with django_capture_on_commit_callbacks() as first_callbacks:
        upload(resource, people["staff"])
    with django_capture_on_commit_callbacks() as second_callbacks:
        upload(resource, people["staff"], note="Updated.")

    assert first_callbacks == []  # a first version supersedes nothing
    assert len(second_callbacks) == (1 if notifies else 0)


def _legal_note_with_downloaders(people):
    """Version 1 of a members' legal note, downloaded by most people, and version 2."""
    staff = people["staff"]
    resource = ResourceFactory(title="Legal note: councillor allowances", kind=Resource.Kind.LEGAL_NOTE)
    first = upload(resource, staff)
    for role in ["clerk_a", "councillor_a", "chair_a", "deputy_clerk_a", "clerk_b", "staff", "no_position"]:
        resource_download_record(resource=resource, version=first, user=people[role])
    second = upload(resource, staff, note="Updated for the 2026 remuneration panel report.")
    return resource, first, second


def test_each_earlier_downloader_who_may_still_see_it_is_told_exactly_once(people):
    resource, _, second = _legal_note_with_downloaders(people)
    user_deactivate(user=people["clerk_b"])  # left: inactive accounts get nothing
    position_end(position=people["chair_a"].positions.get())  # no longer a member: lost access
    # Already has the new version (downloaded before the task ran): nothing to tell.
    resource_download_record(resource=resource, version=second, user=people["deputy_clerk_a"])
    # The uploader (staff) wrote the change note; no_position never could see a members' item.

    sent = superseded_notices_send(version_id=second.pk)
    sent_again = superseded_notices_send(version_id=second.pk)

    assert (sent, sent_again) == (2, 0)
    assert sorted(m.to[0] for m in sent_mail()) == sorted(
        [people["clerk_a"].email, people["councillor_a"].email]
    )
    assert set(SupersededNotice.objects.values_list("user", "version")) == {
        (people["clerk_a"].pk, second.pk),
        (people["councillor_a"].pk, second.pk),
    }
    assert not SupersededNotice.objects.filter(sent_at__isnull=True).exists()


def test_the_email_says_what_changed_from_which_version_and_links_to_the_page(people):
    resource, _, second = _legal_note_with_downloaders(people)
    Download.objects.exclude(user=people["clerk_a"]).delete()

    superseded_notices_send(version_id=second.pk)

    [message] = sent_mail()
    assert message.to == [people["clerk_a"].email]
    assert message.subject == "[KALC] Updated: Legal note: councillor allowances (version 2)"
    assert "has been updated from version 1 to version 2" in message.body
    assert "Updated for the 2026 remuneration panel report." in message.body
    assert f"http://testserver/knowledge/{resource.slug}/\n" in message.body
    assert f"http://testserver/knowledge/{resource.slug}/download/" in message.body
    html = message.alternatives[0].content
    assert f'href="http://testserver/knowledge/{resource.slug}/"' in html
    assert "Updated for the 2026 remuneration panel report." in html


def test_when_a_newer_version_arrived_first_only_it_is_announced_with_every_change(people):
    resource, _, second = _legal_note_with_downloaders(people)
    Download.objects.exclude(user=people["councillor_a"]).delete()
    third = upload(resource, people["staff"], note="Corrected the table of allowances.")

    assert superseded_notices_send(version_id=second.pk) == 0
    assert superseded_notices_send(version_id=third.pk) == 1

    [message] = sent_mail()
    assert "from version 1 to version 3" in message.body
    assert "Version 3 (" in message.body and "Corrected the table of allowances." in message.body
    assert "Version 2 (" in message.body and "Updated for the 2026 remuneration panel report." in message.body


def test_a_notice_for_someone_who_lost_access_before_sending_stays_unsent(people):
    resource, _, second = _legal_note_with_downloaders(people)
    notice = SupersededNotice.objects.create(version=second, user=people["councillor_a"])
    position_end(position=people["councillor_a"].positions.get())

    assert superseded_notice_send(notice_id=notice.pk) is False
    notice.refresh_from_db()
    assert notice.sent_at is None
    assert sent_mail() == []


def test_a_sent_notice_is_never_sent_again(people):
    resource, _, second = _legal_note_with_downloaders(people)
    notice = SupersededNotice.objects.create(version=second, user=people["clerk_a"], sent_at=timezone.now())

    assert superseded_notice_send(notice_id=notice.pk) is False
    assert sent_mail() == []
