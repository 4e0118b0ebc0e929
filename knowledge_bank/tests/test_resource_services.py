import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from knowledge_bank.models import HubItem, Resource
from knowledge_bank.services.resources import add_months, hub_pin, resource_update, unique_resource_slug
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_create_renders_sanitised_body_and_indexes_title_summary_and_body():
    resource = ResourceFactory(
        title="Model code of conduct",
        summary="Adopting the code",
        body="Declare <script>x</script> interests",
    )
    resource.refresh_from_db()
    assert "<script" not in resource.body_html and "&lt;script&gt;" in resource.body_html
    assert Resource.objects.filter(pk=resource.pk, search_vector="conduct").exists()
    assert Resource.objects.filter(pk=resource.pk, search_vector="adopting").exists()
    assert Resource.objects.filter(pk=resource.pk, search_vector="interests").exists()
    assert not Resource.objects.filter(pk=resource.pk, search_vector="allotments").exists()


def test_update_reindexes_and_rerenders():
    resource = ResourceFactory(title="Allotments guide", body="Old text")
    resource_update(resource=resource, title="Cemeteries guide", body="New *text*")
    resource.refresh_from_db()
    assert resource.body_html.strip() == "<p>New <em>text</em></p>"
    assert Resource.objects.filter(pk=resource.pk, search_vector="cemeteries").exists()
    assert not Resource.objects.filter(pk=resource.pk, search_vector="allotments").exists()


def test_update_refuses_unknown_fields():
    resource = ResourceFactory()
    with pytest.raises(TypeError):
        resource_update(resource=resource, download_count=99)


def test_publishing_dates_the_resource_and_drafts_stay_undated():
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    assert draft.published_at is None
    resource_update(resource=draft, status=Resource.Status.PUBLISHED)
    assert draft.published_at is not None


def test_review_due_follows_the_shortest_hub_interval():
    resilience = HubFactory(name="Resilience", slug="resilience", review_interval_months=6)
    climate = HubFactory(name="Climate", slug="climate", review_interval_months=12)
    today = timezone.localdate()
    in_both = ResourceFactory(hubs=[resilience, climate])
    only_climate = ResourceFactory(hubs=[climate])
    nowhere = ResourceFactory()
    assert in_both.review_due == add_months(today, 6)
    assert only_climate.review_due == add_months(today, 12)
    assert nowhere.review_due == add_months(today, 12)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 22), 12, datetime.date(2027, 11, 22)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_slugs_are_unique_and_never_a_page_name():
    ResourceFactory(title="Search")  # would shadow /knowledge/search/
    first = Resource.objects.get(title="Search")
    assert first.slug == "search-2"
    assert unique_resource_slug("Search") == "search-3"


def test_changing_hubs_keeps_pins_of_the_hubs_that_stay():
    climate, transport = HubFactory(), HubFactory()
    resource = ResourceFactory(hubs=[climate, transport])
    hub_pin(hub=climate, resource=resource, pin_order=1)
    resource_update(resource=resource, hubs=[climate], topics=[TopicFactory(name="Funding")])
    items = HubItem.objects.filter(resource=resource)
    assert [(item.hub_id, item.pinned) for item in items] == [(climate.pk, True)]
    assert list(resource.topics.values_list("name", flat=True)) == ["Funding"]


def test_a_published_resource_must_have_a_date():
    resource = ResourceFactory(status=Resource.Status.DRAFT)
    with pytest.raises(IntegrityError):
        Resource.objects.filter(pk=resource.pk).update(status=Resource.Status.PUBLISHED)
