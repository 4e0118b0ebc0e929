"""The download view, the upload page and the file panel run a fixed number of
queries whether a resource has 1 version or 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge_bank.tests.files_support import private_files, resource_with_versions, upload  # noqa: F401
from knowledge_bank.tests.test_files_views import render_panel

pytestmark = pytest.mark.django_db

# Session user, resource, the person's positions, current version, the count update
# and the download row (with the savepoint around the two writes).
DOWNLOAD_BUDGET = 8
UPLOAD_PAGE_BUDGET = 4
PANEL_BUDGET = 2


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def add_versions(resource, by, count: int) -> None:
    start = resource.versions.count()
    for number in range(start + 1, start + count + 1):
        upload(resource, by, note=f"Change {number}")


@pytest.mark.parametrize("role", ["clerk_a", "staff"])
def test_download_budget_at_1_and_10_versions(client, people, login_as, django_assert_max_num_queries, role):
    resource = resource_with_versions(people["staff"], 1)
    login_as(role)
    url = f"/knowledge/{resource.slug}/download/"

    with django_assert_max_num_queries(DOWNLOAD_BUDGET):
        assert client.get(url).status_code == 200
    small = count_queries(lambda: client.get(url))
    add_versions(resource, people["staff"], 9)
    with django_assert_max_num_queries(DOWNLOAD_BUDGET):
        assert client.get(url).status_code == 200
    large = count_queries(lambda: client.get(url))

    assert small == large


def test_upload_page_budget_at_1_and_10_versions(client, people, login_as, django_assert_max_num_queries):
    resource = resource_with_versions(people["staff"], 1)
    login_as("staff")
    url = f"/knowledge/{resource.slug}/upload/"

    with django_assert_max_num_queries(UPLOAD_PAGE_BUDGET):
        assert client.get(url).status_code == 200
    add_versions(resource, people["staff"], 9)
    with django_assert_max_num_queries(UPLOAD_PAGE_BUDGET):
        assert "The current file is version 10" in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["councillor_a", "clerk_a", "staff"])
def test_file_panel_budget_at_1_and_10_versions(people, django_assert_max_num_queries, role):
    resource = resource_with_versions(people["staff"], 1)
    person = people[role]

    with django_assert_max_num_queries(PANEL_BUDGET):
        small = render_panel(resource, person)
    add_versions(resource, people["staff"], 9)
    # A fresh copy of the person: nothing cached from the first render.
    person = type(person).objects.get(pk=person.pk)
    with django_assert_max_num_queries(PANEL_BUDGET):
        large = render_panel(resource, person)

    assert "version-row" not in small
    assert large.count('class="version-row"') == 10


# Per person told: the outbox's duplicate check, and its row inserted under a savepoint.
SUPERSEDED_PER_RECIPIENT = 4


def _downloaders_of_a_legal_note(staff, count: int):
    from knowledge_bank.models import Resource
    from knowledge_bank.services.files import resource_download_record
    from members.models import Position
    from members.tests.factories import CouncilFactory, PositionFactory

    resource = resource_with_versions(staff, 1, kind=Resource.Kind.LEGAL_NOTE)
    first = resource.versions.get()
    council = CouncilFactory()
    for _ in range(count):
        person = PositionFactory(council=council, role=Position.Role.COUNCILLOR).user
        resource_download_record(resource=resource, version=first, user=person)
    return upload(resource, staff, note="Updated for the new regulations.")


def test_superseded_notices_read_the_recipients_roles_once_not_once_each(people, private_files):  # noqa: F811
    """Section 7 of issue 11: can_view_resource asked once per recipient (a positions query each)."""
    from knowledge_bank.services.files import superseded_notices_send

    counts = {}
    for size in (3, 30):
        version = _downloaders_of_a_legal_note(people["staff"], size)
        with CaptureQueriesContext(connection) as captured:
            assert superseded_notices_send(version_id=version.pk) == size
        positions = [q["sql"] for q in captured if '"members_position"' in q["sql"]]
        assert len(positions) == 1, positions
        counts[size] = len(captured)

    assert counts[30] - counts[3] <= 27 * SUPERSEDED_PER_RECIPIENT
