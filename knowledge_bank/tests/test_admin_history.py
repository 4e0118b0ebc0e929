"""Reverting a resource from its history (django-simple-history's admin revert) goes
through the service: the rendered body, the search vector and the cached page follow
the reverted text (issue 11, section 3)."""

import pytest

from knowledge_bank.models import Resource
from knowledge_bank.services.resources import resource_update
from knowledge_bank.tests.factories import ResourceFactory
from members.tests.factories import sign_in, staff_user

pytestmark = pytest.mark.django_db

OLD_BODY = "Rents are set every **autumn** by the allotments committee."
NEW_BODY = "Rents now follow the district's **hedgerow** tariff."


def revert_form(resource: Resource) -> dict:
    """The history page's form as staff submit it: the old version's fields."""
    return {
        "title": resource.title,
        "slug": resource.slug,
        "kind": resource.kind,
        "summary": resource.summary,
        "body": resource.body,
        "status": resource.status,
        "audience": resource.audience,
        "owner": resource.owner_id,
        "published_at_0": resource.published_at.date().isoformat(),
        "published_at_1": resource.published_at.time().strftime("%H:%M:%S"),
        "review_due": resource.review_due.isoformat() if resource.review_due else "",
        "embed_url": "",
    }


def found(client, words: str) -> set[str]:
    response = client.get("/knowledge/search/", {"q": words})
    return {result.slug for result in response.context["results"].results}


def test_reverting_a_resource_brings_back_its_page_and_its_search_words(client):
    staff = staff_user()
    resource = ResourceFactory(
        title="Allotment rents", slug="allotment-rents", body=OLD_BODY, audience=Resource.Audience.PUBLIC
    )
    old_version = resource.history.filter(body=OLD_BODY).latest()
    resource_update(resource=resource, body=NEW_BODY)
    # The newer page is read (and cached) before the revert.
    assert "<strong>hedgerow</strong>" in client.get("/knowledge/allotment-rents/").content.decode()
    sign_in(client, staff)
    url = f"/admin/knowledge_bank/resource/{resource.pk}/history/{old_version.history_id}/"

    response = client.post(url, revert_form(old_version.instance))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.body == OLD_BODY
    page = client.get("/knowledge/allotment-rents/").content.decode()
    assert "<strong>autumn</strong>" in page
    assert "hedgerow" not in page
    assert found(client, "autumn") == {"allotment-rents"}
    assert found(client, "hedgerow") == set()
    assert resource.history.latest().history_user == staff
