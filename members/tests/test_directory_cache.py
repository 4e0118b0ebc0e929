"""Repeated directory searches come from the cache, under a version that every write to
councils or area committees moves on (a PostgreSQL trigger: migration 0009), whoever writes."""

import pytest
from django.db import connection

from members.models import AreaCommittee, Council
from members.selectors.directory import directory_version
from members.tests.factories import AreaCommitteeFactory, bulk_councils

pytestmark = pytest.mark.django_db

FIND = "/find-your-council/"


def names(client, params) -> list[str]:
    response = client.get(FIND, params)
    assert response.status_code == 200
    return [council.name for council in response.context["pagination"].page]


@pytest.fixture
def dover():
    committee = AreaCommitteeFactory(district="Dover", name="Dover Area Committee")
    bulk_councils(5, committee=committee, prefix="Dover-Bulk")
    return committee


def test_every_kind_of_write_moves_the_version_on(dover):
    moves = []

    def bumped(write) -> None:
        before = directory_version()
        write()
        moves.append(directory_version() > before)

    bumped(lambda: Council.objects.filter(name="Dover-Bulk 1").update(website="https://example.org"))
    bumped(lambda: bulk_councils(2, committee=dover, prefix="Dover-More"))
    bumped(lambda: Council.objects.filter(name="Dover-More 1").delete())
    bumped(lambda: AreaCommittee.objects.filter(pk=dover.pk).update(name="Dover and Deal Area Committee"))

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE members_council SET name = name || ' Town' WHERE name = 'Dover-Bulk 2'")

    bumped(raw_sql)
    assert moves == [True] * 5
    # Reads do not move it.
    before = directory_version()
    list(Council.objects.all())
    assert directory_version() == before


def test_a_renamed_council_shows_in_a_repeated_search(client, dover):
    for _ in range(3):  # the third is served from the cache
        assert names(client, {"q": "dover-bulk"})[:2] == ["Dover-Bulk 0", "Dover-Bulk 1"]

    Council.objects.filter(name="Dover-Bulk 0").update(name="Dover-Bulk Zero")
    assert "Dover-Bulk Zero" in names(client, {"q": "dover-bulk"})
    assert "Dover-Bulk 0" not in names(client, {"q": "dover-bulk"})


def test_the_office_and_the_public_never_share_cached_rows(client, dover):
    from members.tests.factories import staff_user

    Council.objects.filter(name="Dover-Bulk 3").update(membership_status=Council.MembershipStatus.LAPSED)
    client.force_login(staff_user())
    for _ in range(3):
        office = client.get("/councils/", {"q": "dover-bulk", "status": "all"}).context["pagination"].page
    assert "Dover-Bulk 3" in [council.name for council in office]
    for _ in range(3):
        members_view = client.get("/councils/", {"q": "dover-bulk"}).context["pagination"].page
    assert "Dover-Bulk 3" not in [council.name for council in members_view]
    client.logout()
    # The public find-your-council lists every council but only public fields.
    page = client.get(FIND, {"q": "dover-bulk"}).context["pagination"].page
    assert "Dover-Bulk 3" in [council.name for council in page]


def test_a_missing_version_row_comes_back_with_the_next_write(dover):
    from members.models import DirectoryVersion

    DirectoryVersion.objects.all().delete()  # as a flushed test database has it
    assert directory_version() == 0
    Council.objects.filter(name="Dover-Bulk 1").update(website="https://example.org")
    assert directory_version() == 1
