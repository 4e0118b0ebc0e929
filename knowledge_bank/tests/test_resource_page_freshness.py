"""Every write to a resource, its hubs, topics, files and reviews shows on the next view of
its page, and one audience's lists never reach another."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from knowledge_bank.models import HubItem, Resource, Topic
from knowledge_bank.services import resources as resource_services
from knowledge_bank.services.review import resource_mark_reviewed
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory
from knowledge_bank.tests.files_support import (  # noqa: F401  (private_files is an autouse fixture)
    private_files,
    upload,
)
from members.tests.factories import as_request_user, sign_in, staff_user

pytestmark = pytest.mark.django_db

LIST_TABLES = (HubItem._meta.db_table, Topic._meta.db_table)


def view(client, resource):
    """(the response, whether the page read the hubs, topics or related lists)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/knowledge/{resource.slug}/")
    assert response.status_code == 200
    read_lists = any(table in query["sql"] for query in captured.captured_queries for table in LIST_TABLES)
    return response, read_lists


def related_titles(response) -> list[str]:
    return [resource.title for resource in response.context["related"]]


@pytest.fixture
def climate():
    return HubFactory(name="Climate change", slug="climate-change")


def test_new_related_resources_and_hub_changes_show_on_the_next_view(client, login_as, climate):
    resource = ResourceFactory(title="Tree planting", hubs=[climate])
    login_as("councillor_a")
    assert related_titles(view(client, resource)[0]) == []

    ResourceFactory(title="Hedgerows", hubs=[climate])
    assert related_titles(view(client, resource)[0]) == ["Hedgerows"]

    resilience = HubFactory(name="Resilience", slug="resilience")
    resource_services.resource_update(resource=resource, hubs=[resilience])
    response = view(client, resource)[0]
    assert response.context["hubs"] == [resilience]
    assert related_titles(response) == []


def test_one_audiences_related_list_never_reaches_another(client, login_as, climate):
    resource = ResourceFactory(title="Tree planting", hubs=[climate], audience=Resource.Audience.PUBLIC)
    ResourceFactory(title="Clerks' tree budget", hubs=[climate], audience=Resource.Audience.CLERKS)
    login_as("clerk_a")
    view(client, resource)
    assert related_titles(view(client, resource)[0]) == ["Clerks' tree budget"]

    login_as("councillor_a")
    assert related_titles(view(client, resource)[0]) == []
    assert related_titles(view(Client(), resource)[0]) == []


def test_a_topic_renamed_or_deleted_in_the_admin_shows_on_the_next_view(client, climate):
    topic = TopicFactory(name="Trees")
    resource = ResourceFactory(title="Tree planting", hubs=[climate], topics=[topic])
    sign_in(client, staff_user())
    view(client, resource)
    assert view(client, resource)[0].context["topics"][0].name == "Trees"

    response = client.post(
        f"/admin/knowledge_bank/topic/{topic.pk}/change/", {"name": "Woodland", "slug": topic.slug}
    )
    assert response.status_code == 302
    page = view(client, resource)[0]
    assert page.context["topics"][0].name == "Woodland"

    response = client.post(f"/admin/knowledge_bank/topic/{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert view(client, resource)[0].context["topics"] == []


RESOURCE_TABLE = Resource._meta.db_table


def test_access_is_decided_on_every_view(client, login_as):
    draft = ResourceFactory(title="Draft precept guide", status=Resource.Status.DRAFT)
    sign_in(client, staff_user())
    assert client.get(f"/knowledge/{draft.slug}/").status_code == 200

    # The office's view never opens the draft to a councillor.
    login_as("councillor_a")
    assert client.get(f"/knowledge/{draft.slug}/").status_code == 404
    resource_services.resource_update(resource=draft, status=Resource.Status.PUBLISHED)
    assert client.get(f"/knowledge/{draft.slug}/").status_code == 200


def test_a_review_a_new_file_and_an_owner_rename_show_on_the_next_view(client):
    staff = as_request_user(staff_user(full_name="Sam Patel"))
    resource = ResourceFactory(title="Allotments guide", owner=staff, review_due=datetime.date(2026, 1, 5))
    sign_in(client, staff)
    assert client.get(f"/knowledge/{resource.slug}/").context["file_panel"].current is None

    upload(resource, staff, note="")
    assert "version 1" in client.get(f"/knowledge/{resource.slug}/").text

    assert client.get(f"/knowledge/{resource.slug}/").context["resource"].review_due == datetime.date(
        2026, 1, 5
    )
    reviewed = resource_mark_reviewed(resource=resource, reviewed_by=staff)
    assert reviewed.review_due > datetime.date(2026, 1, 5)
    page = client.get(f"/knowledge/{resource.slug}/")
    assert page.context["resource"].review_due == reviewed.review_due

    staff.full_name = "Sam Patel-Jones"
    staff.save()
    assert "Sam Patel-Jones" in client.get(f"/knowledge/{resource.slug}/").text
