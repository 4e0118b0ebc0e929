"""Who may download, download old versions and upload: every role x every audience
(and a draft), with the exact status expected. Signed-out people are answered as the
resource page answers them: sent to sign in for a public, members' or clerks' item,
404 for a staff-only item or a draft (as for a slug that never existed); signed-in
people who may not have it get 404."""

import pytest

from knowledge_bank.demo_files import sample_upload
from knowledge_bank.models import Download, FileVersion, Resource
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    resource_with_versions,
    stored_files,
    version_bytes,
)
from members.tests.conftest import ROLES

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLES, 200)
MEMBERS = {"councillor_a", "chair_a", "clerk_a", "deputy_clerk_a", "clerk_b", "staff"}
CLERKS = {"clerk_a", "deputy_clerk_a", "clerk_b", "staff"}


def _only(allowed: set[str], *, anonymous: int = 302) -> dict[str, int]:
    return {role: 200 if role in allowed else 404 for role in ROLES} | {"anonymous": anonymous}


# (audience, status) of each resource, and who may download its current file.
RESOURCES = {
    "public": ({"audience": Resource.Audience.PUBLIC}, EVERYONE),
    "members": ({"audience": Resource.Audience.MEMBERS}, _only(MEMBERS)),
    "clerks": ({"audience": Resource.Audience.CLERKS}, _only(CLERKS)),
    "staff-only": ({"audience": Resource.Audience.STAFF}, _only({"staff"}, anonymous=404)),
    "archived": (
        {"audience": Resource.Audience.MEMBERS, "status": Resource.Status.ARCHIVED},
        _only(MEMBERS),
    ),
    "draft": (
        {"audience": Resource.Audience.PUBLIC, "status": Resource.Status.DRAFT},
        _only({"staff"}, anonymous=404),
    ),
}
# Old versions and uploads are for staff, whatever the audience; signed-out people learn
# no more than the resource page tells them.
UNKNOWN_TO_ANONYMOUS = {"draft", "staff-only"}
STAFF_ONLY = {
    name: _only({"staff"}, anonymous=404 if name in UNKNOWN_TO_ANONYMOUS else 302) for name in RESOURCES
}


def make(name: str, people, versions: int = 2) -> Resource:
    fields, _ = RESOURCES[name]
    return resource_with_versions(
        people["staff"], versions, slug=f"{name}-note", title=f"The {name} note", **fields
    )


def assert_status(response, expected: int, url: str, role: str) -> None:
    assert response.status_code == expected, f"{role} GET {url}"
    if expected == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("name", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_download_matrix(client, people, login_as, role, name):
    resource = make(name, people)
    url = f"/knowledge/{resource.slug}/download/"
    login_as(role)

    response = client.get(url)

    expected = RESOURCES[name][1][role]
    assert_status(response, expected, url, role)
    resource.refresh_from_db()
    if expected == 200:
        assert b"".join(response.streaming_content) == version_bytes(resource.versions.get(number=2))
        assert resource.download_count == 1
    else:
        assert resource.download_count == 0
        assert not Download.objects.exists()


@pytest.mark.parametrize("name", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_old_version_download_matrix(client, people, login_as, role, name):
    resource = make(name, people)
    url = f"/knowledge/{resource.slug}/versions/1/download/"
    login_as(role)

    response = client.get(url)

    assert_status(response, STAFF_ONLY[name][role], url, role)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == version_bytes(resource.versions.get(number=1))


@pytest.mark.parametrize("name", ["public", "members", "staff-only", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_upload_page_matrix(client, people, login_as, role, name):
    resource = make(name, people, versions=1)
    url = f"/knowledge/{resource.slug}/upload/"
    login_as(role)
    files_before = stored_files()

    page = client.get(url)
    posted = client.post(
        url,
        {"file": sample_upload("pdf", title="New text"), "change_note": "Revised after the consultation."},
    )

    expected = STAFF_ONLY[name][role]
    assert_status(page, expected, url, role)
    if expected == 200:
        assert posted.status_code == 302
        assert posted["Location"] == f"/knowledge/{resource.slug}/"
        assert resource.versions.count() == 2
    else:
        assert_status(posted, expected, url, role)
        assert resource.versions.count() == 1
        assert stored_files() == files_before


@pytest.mark.parametrize("role", ["anonymous", "clerk_a", "staff"])
def test_unknown_resources_and_versions_are_not_found(client, people, login_as, role):
    resource = make("public", people)
    login_as(role)
    assert client.get("/knowledge/never-existed/download/").status_code == 404
    assert client.get("/knowledge/never-existed/upload/").status_code == 404
    assert client.get("/knowledge/never-existed/versions/1/download/").status_code == 404
    if role == "staff":
        assert client.get(f"/knowledge/{resource.slug}/versions/3/download/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "clerk_a", "staff"])
def test_a_resource_without_a_file_has_no_download(client, people, login_as, role):
    resource = resource_with_versions(people["staff"], 0, audience=Resource.Audience.PUBLIC)
    login_as(role)
    assert client.get(f"/knowledge/{resource.slug}/download/").status_code == 404
    assert not FileVersion.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "clerk_a", "staff"])
def test_downloads_only_accept_get_and_head(client, people, login_as, role):
    resource = make("public", people)
    login_as(role)
    assert client.post(f"/knowledge/{resource.slug}/download/").status_code == 405
    assert client.head(f"/knowledge/{resource.slug}/download/").status_code == 200


@pytest.mark.parametrize("name", RESOURCES)
def test_signed_out_people_get_the_resource_pages_answer_on_every_file_address(client, people, name):
    """A restricted slug that exists answers exactly as its page does, so the file
    addresses cannot be used to find out which restricted slugs exist."""
    resource = make(name, people)
    page = client.get(f"/knowledge/{resource.slug}/")
    for suffix in ["download/", "upload/", "versions/1/download/"]:
        url = f"/knowledge/{resource.slug}/{suffix}"
        response = client.get(url)
        if page.status_code == 200:  # a public page: the file addresses ask for sign-in
            assert_status(response, 302 if suffix != "download/" else 200, url, "anonymous")
        else:
            assert response.status_code == page.status_code, url
            if page.status_code == 302:
                assert response["Location"] == f"/accounts/login/?next={url}"
    for suffix in ["download/", "upload/", "versions/1/download/"]:
        assert client.get(f"/knowledge/no-such-{name}/{suffix}").status_code == 404
