"""The cached counts behind the hub cards, hub totals and What's new: always the numbers
a COUNT would give for the audiences a person may see, and never stale after a write
through the services (while the same counts are not recounted on every page view)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge_bank.models import Resource
from knowledge_bank.selectors import tallies
from knowledge_bank.selectors.tallies import published_tallies
from knowledge_bank.services.resources import hubs_delete, resource_update, resources_delete
from knowledge_bank.tests.factories import HubFactory, ResourceFactory

pytestmark = pytest.mark.django_db

A = Resource.Audience
K = Resource.Kind
MEMBER_AUDIENCES = (A.PUBLIC, A.MEMBERS)
EVERY_AUDIENCE = tuple(A.values)


def counted(audiences, *, hub=None, kind=""):
    resources = Resource.objects.published().filter(audience__in=audiences)
    if hub is not None:
        resources = resources.filter(hub_items__hub=hub)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.count()


@pytest.fixture
def catalogue():
    climate, resilience = HubFactory(slug="climate"), HubFactory(slug="resilience")
    for audience, kind, hubs in [
        (A.PUBLIC, K.GUIDE, [climate]),
        (A.MEMBERS, K.GUIDE, [climate, resilience]),
        (A.MEMBERS, K.TEMPLATE, [climate]),
        (A.CLERKS, K.LEGAL_NOTE, [resilience]),
        (A.STAFF, K.BRIEFING, [climate]),
        (A.MEMBERS, K.TOOLKIT, []),
    ]:
        ResourceFactory(audience=audience, kind=kind, hubs=hubs)
    ResourceFactory(status=Resource.Status.DRAFT, hubs=[climate])
    ResourceFactory(status=Resource.Status.ARCHIVED, hubs=[climate])
    return climate, resilience


def test_tallies_agree_with_counting_for_every_audience_hub_and_kind(catalogue):
    climate, resilience = catalogue
    tally = published_tallies()
    for audiences in [(A.PUBLIC,), MEMBER_AUDIENCES, (*MEMBER_AUDIENCES, A.CLERKS), EVERY_AUDIENCE]:
        assert tally.total(audiences) == counted(audiences)
        for kind in (K.GUIDE, K.TEMPLATE, K.LEGAL_NOTE, K.BRIEFING, K.PODCAST):
            assert tally.total(audiences, kind=kind) == counted(audiences, kind=kind)
        for hub in (climate, resilience):
            assert tally.hub_total(hub.pk, audiences) == counted(audiences, hub=hub)
            guides = counted(audiences, hub=hub, kind=K.GUIDE)
            assert tally.hub_total(hub.pk, audiences, kind=K.GUIDE) == guides
    # Drafts and archived items never count; a member sees 3 of climate's 5 published items.
    assert tally.hub_total(climate.pk, MEMBER_AUDIENCES) == 3
    assert tally.hub_kind_totals(climate.pk, MEMBER_AUDIENCES) == {K.GUIDE: 2, K.TEMPLATE: 1}


def test_counts_are_read_from_the_cache_until_the_catalogue_changes(catalogue):
    published_tallies()
    with CaptureQueriesContext(connection) as captured:
        again = published_tallies()
    assert len(captured) == 0
    assert again.total(EVERY_AUDIENCE) == counted(EVERY_AUDIENCE)

    # A write that bypasses the services is not seen until the catalogue changes (or the
    # entry expires): the reason every write path goes through them.
    Resource.objects.filter(kind=K.TOOLKIT).update(status=Resource.Status.ARCHIVED)
    assert published_tallies().total(EVERY_AUDIENCE, kind=K.TOOLKIT) == 1
    tallies.catalogue_changed()
    assert published_tallies().total(EVERY_AUDIENCE, kind=K.TOOLKIT) == 0


def test_every_service_write_refreshes_the_counts_at_once(catalogue):
    climate, resilience = catalogue
    assert published_tallies().hub_total(climate.pk, MEMBER_AUDIENCES) == 3

    new = ResourceFactory(audience=A.MEMBERS, hubs=[climate])
    assert published_tallies().hub_total(climate.pk, MEMBER_AUDIENCES) == 4

    resource_update(resource=new, status=Resource.Status.ARCHIVED)
    assert published_tallies().hub_total(climate.pk, MEMBER_AUDIENCES) == 3

    resource_update(resource=new, status=Resource.Status.PUBLISHED, hubs=[resilience])
    assert published_tallies().hub_total(climate.pk, MEMBER_AUDIENCES) == 3
    assert published_tallies().hub_total(resilience.pk, MEMBER_AUDIENCES) == 2

    resources_delete(resources=[new])
    assert published_tallies().hub_total(resilience.pk, MEMBER_AUDIENCES) == 1

    hubs_delete(hubs=[resilience])
    assert published_tallies().hub_total(resilience.pk, EVERY_AUDIENCE) == 0
    assert published_tallies().total(EVERY_AUDIENCE) == counted(EVERY_AUDIENCE)


def test_the_version_moves_again_after_commit(catalogue, django_capture_on_commit_callbacks):
    """A page that counted from the snapshot before a commit must not leave its numbers
    where later pages read them."""
    before = cache.get(tallies.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tallies.catalogue_changed()
        during = cache.get(tallies.VERSION_KEY)
    after = cache.get(tallies.VERSION_KEY)
    assert len(callbacks) == 1
    assert len({before, during, after}) == 3
