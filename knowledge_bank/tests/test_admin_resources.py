"""Staff author resources in the office admin; every save goes through the services,
so the body is sanitised, publications dated, review dates set and search current."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from knowledge_bank.models import RESERVED_RESOURCE_SLUGS, FileVersion, Hub, HubItem, Resource
from knowledge_bank.services.resources import add_months
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, TopicFactory, office_author
from members.tests.conftest import ROLES
from members.tests.factories import UserFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db

RESOURCE_LIST = "/admin/knowledge_bank/resource/"
RESOURCE_ADD = "/admin/knowledge_bank/resource/add/"
ADMIN_LIST_BUDGET = 10
STAFF_ONLY = {**dict.fromkeys(ROLES, 302), "staff": 200}


def change_url(resource) -> str:
    return f"/admin/knowledge_bank/resource/{resource.pk}/change/"


def resource_form(owner, *, hub_items=(), versions=0, **fields) -> dict:
    """POST data for the Resource add/change form, with both inlines' management forms."""
    data = {
        "title": "Allotments: a guide for clerks",
        "slug": "allotments-guide",
        "kind": Resource.Kind.GUIDE,
        "summary": "Letting, rents and waiting lists.",
        "body": "## Waiting lists\n\nKeep one.",
        "status": Resource.Status.DRAFT,
        "audience": Resource.Audience.MEMBERS,
        "owner": owner.pk,
        "published_at_0": "",
        "published_at_1": "",
        "review_due": "",
        "embed_url": "",
        "hub_items-TOTAL_FORMS": str(len(hub_items)),
        "hub_items-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": str(versions),
        "versions-INITIAL_FORMS": str(versions),
    }
    for index, (hub, pinned, pin_order) in enumerate(hub_items):
        data[f"hub_items-{index}-hub"] = hub.pk
        data[f"hub_items-{index}-pin_order"] = pin_order
        if pinned:
            data[f"hub_items-{index}-pinned"] = "on"
    data.update(fields)
    return data


def change_form(resource, **fields) -> dict:
    """POST data that keeps the resource as it is except for `fields`."""
    version_pks = list(resource.versions.values_list("pk", flat=True))
    data = resource_form(
        resource.owner,
        title=resource.title,
        slug=resource.slug,
        kind=resource.kind,
        summary=resource.summary,
        body=resource.body,
        status=resource.status,
        audience=resource.audience,
        review_due=resource.review_due.isoformat() if resource.review_due else "",
        versions=len(version_pks),
    )
    data.update({f"versions-{i}-id": pk for i, pk in enumerate(version_pks)})
    data.update(fields)
    return data


@pytest.fixture
def staff(client):
    user = staff_user(full_name="Sam Patel")
    sign_in(client, user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        RESOURCE_LIST,
        RESOURCE_ADD,
        "/admin/knowledge_bank/hub/",
        "/admin/knowledge_bank/hub/add/",
        "/admin/knowledge_bank/topic/",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, login_as, url, role):
    login_as(role)
    assert client.get(url).status_code == STAFF_ONLY[role], f"{role} GET {url}"


def test_office_staff_group_holds_the_knowledge_bank_permissions(client):
    Group.objects.all().delete()
    call_command("sync_office_groups")
    group = Group.objects.get(name="Office staff")
    codenames = set(
        group.permissions.filter(content_type__app_label="knowledge_bank").values_list("codename", flat=True)
    )
    assert {"add_resource", "change_resource", "view_fileversion", "add_hubitem", "change_hub"} <= codenames
    assert "add_saveditem" not in codenames and "view_download" not in codenames

    # A member of office staff (staff flag + the group, no superuser) opens the add page.
    member_of_office = staff_user()
    assert not member_of_office.is_superuser
    sign_in(client, member_of_office)
    assert client.get(RESOURCE_ADD).status_code == 200
    # Staff outside the group have no model permission: the admin refuses.
    outside = staff_user()
    outside.groups.clear()
    sign_in(client, outside)
    assert client.get(RESOURCE_ADD).status_code == 403


def test_add_page_defaults_the_owner_to_me_and_offers_only_staff(client, staff):
    colleague = office_author(full_name="Alex Moran")
    member = UserFactory(full_name="Chris Member")

    response = client.get(RESOURCE_ADD)

    owner_field = response.context["adminform"].form.fields["owner"]
    assert set(owner_field.queryset) == {staff, colleague}
    assert member not in owner_field.queryset
    assert response.context["adminform"].form.initial["owner"] == staff.pk
    html = response.content.decode()
    assert "js/markdown-preview.js" in html
    assert 'data-markdown-preview-url="/knowledge/preview/"' in html
    assert 'name="body_html"' not in html and 'name="download_count"' not in html
    assert "Save the resource first; then you can upload its file from here." in html


def test_adding_a_resource_renders_sanitises_and_indexes_it(client, staff):
    climate = HubFactory(name="Climate change", slug="climate-change", review_interval_months=12)
    resilience = HubFactory(name="Resilience", slug="resilience", review_interval_months=6)
    topic = TopicFactory(name="Allotments")

    response = client.post(
        RESOURCE_ADD,
        resource_form(
            staff,
            body='# Rents\n\n<script>alert("x")</script> [bad](javascript:alert(1)) fine',
            topics=[topic.pk],
            hub_items=[(climate, True, 1), (resilience, False, 0)],
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(slug="allotments-guide")
    assert "<script" not in resource.body_html and "&lt;script&gt;" in resource.body_html
    assert "href=" not in resource.body_html  # the javascript: link is not a link
    assert "<h2>Rents</h2>" in resource.body_html
    assert resource.published_at is None  # a draft is not dated
    # The shortest hub interval (resilience: 6 months) sets the first review date.
    assert resource.review_due == add_months(timezone.localdate(), 6)
    assert Resource.objects.filter(pk=resource.pk, search_vector="allotments").exists()  # title
    assert Resource.objects.filter(pk=resource.pk, search_vector="rents").exists()  # body
    assert list(resource.topics.all()) == [topic]
    assert HubItem.objects.get(resource=resource, hub=climate).pinned is True


def test_editing_the_title_makes_the_new_word_searchable(client, staff):
    resource = ResourceFactory(title="Allotments guide", owner=staff, status=Resource.Status.DRAFT)
    assert not Resource.objects.filter(pk=resource.pk, search_vector="cemeteries").exists()

    response = client.post(change_url(resource), change_form(resource, title="Cemeteries guide"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Resource.objects.filter(pk=resource.pk, search_vector="cemeteries").exists()
    assert not Resource.objects.filter(pk=resource.pk, search_vector="allotments").exists()


def test_a_script_typed_into_the_body_is_stored_inert(client, staff):
    resource = ResourceFactory(owner=staff)

    client.post(
        change_url(resource),
        change_form(resource, body='Hello <img src=x onerror="alert(1)"><script>steal()</script>'),
    )

    resource.refresh_from_db()
    assert "<script" not in resource.body_html
    assert "<img" not in resource.body_html
    assert "&lt;img src=x onerror=" in resource.body_html  # shown as text, never an element
    assert resource.body.startswith("Hello <img")  # what staff typed is kept as typed


def test_publishing_in_the_admin_dates_the_resource(client, staff):
    resource = ResourceFactory(owner=staff, status=Resource.Status.DRAFT)
    assert resource.published_at is None
    before = timezone.now()

    response = client.post(change_url(resource), change_form(resource, status=Resource.Status.PUBLISHED))

    assert response.status_code == 302, response.context["adminform"].form.errors
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED
    assert resource.published_at is not None and resource.published_at >= before


@pytest.mark.parametrize("slug", sorted(RESERVED_RESOURCE_SLUGS))
def test_a_reserved_page_name_cannot_be_a_slug(client, staff, slug):
    response = client.post(RESOURCE_ADD, resource_form(staff, slug=slug))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert errors == [
        f"“{slug}” is the address of a knowledge bank page (/knowledge/{slug}/), "
        "so a resource cannot use it. Choose another slug."
    ]
    assert not Resource.objects.exists()


def test_someone_who_is_not_staff_cannot_own_a_resource(client, staff):
    member = UserFactory()
    response = client.post(RESOURCE_ADD, resource_form(member))
    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert not Resource.objects.exists()


def test_change_page_lists_file_versions_read_only_with_the_upload_link(client, staff, tmp_path):
    resource = ResourceFactory(owner=staff, slug="model-standing-orders")
    FileVersion.objects.create(
        resource=resource,
        number=1,
        file="knowledge/1/abc/orders.docx",
        original_name="standing-orders-2024.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=48_213,
        change_note="First edition",
        uploaded_by=staff,
        uploaded_at=timezone.now() - datetime.timedelta(days=3),
    )

    response = client.get(change_url(resource))

    html = response.content.decode()
    assert "standing-orders-2024.docx" in html and "First edition" in html and "47.1\xa0KB" in html
    assert 'href="/knowledge/model-standing-orders/upload/"' in html
    assert 'name="versions-0-change_note"' not in html  # read only
    assert 'href="/knowledge/model-standing-orders/"' in html  # "View on site"

    # Saving the resource leaves its versions alone.
    response = client.post(change_url(resource), change_form(resource, summary="A new summary."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert resource.versions.get().change_note == "First edition"


def test_actions_publish_archive_and_mark_reviewed_go_through_the_services(client, staff):
    resilience = HubFactory(name="Resilience", slug="resilience", review_interval_months=6)
    draft = ResourceFactory(owner=staff, status=Resource.Status.DRAFT, title="Emergency plan template")
    overdue = ResourceFactory(owner=staff, hubs=[resilience], review_due=datetime.date(2020, 1, 1))

    client.post(RESOURCE_LIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Resource.Status.PUBLISHED and draft.published_at is not None

    client.post(RESOURCE_LIST, {"action": "mark_reviewed_selected", "_selected_action": [overdue.pk]})
    overdue.refresh_from_db()
    assert overdue.review_due == add_months(timezone.localdate(), 6)
    assert overdue.history.first().history_change_reason == "Reviewed"
    assert overdue.history.first().history_user == staff

    client.post(RESOURCE_LIST, {"action": "archive_selected", "_selected_action": [draft.pk, overdue.pk]})
    assert set(Resource.objects.values_list("status", flat=True)) == {Resource.Status.ARCHIVED}
    response = client.post(
        RESOURCE_LIST, {"action": "mark_reviewed_selected", "_selected_action": [overdue.pk]}, follow=True
    )
    assert "This resource is archived, so it is not reviewed any more." in response.content.decode()


def test_the_list_searches_titles_and_filters_by_hub(client, staff):
    climate = HubFactory(name="Climate change", slug="climate-change")
    ResourceFactory(title="Climate emergency declaration", hubs=[climate], owner=staff)
    ResourceFactory(title="Allotment rents", owner=staff)

    searched = client.get(RESOURCE_LIST, {"q": "declaration"}).content.decode()
    filtered = client.get(RESOURCE_LIST, {"hubs__id__exact": climate.pk}).content.decode()

    assert "Climate emergency declaration" in searched and "Allotment rents" not in searched
    assert "Climate emergency declaration" in filtered and "Allotment rents" not in filtered


@pytest.mark.parametrize("hub_filter", [False, True])
def test_resource_list_holds_its_query_budget_at_30_and_300(
    client, staff, django_assert_max_num_queries, hub_filter
):
    hubs = [HubFactory() for _ in range(3)]
    owners = [office_author() for _ in range(5)]

    def add(count):
        for i in range(count):
            ResourceFactory(owner=owners[i % 5], hubs=[hubs[i % 3]], status=Resource.Status.PUBLISHED)

    query = {"hubs__id__exact": hubs[0].pk} if hub_filter else {}
    add(30)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        small = client.get(RESOURCE_LIST, query)
    add(270)
    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        large = client.get(RESOURCE_LIST, query)

    assert small.content.decode().count('class="field-kind"') == (10 if hub_filter else 30)
    assert large.content.decode().count('class="field-kind"') == 50  # a full page


def test_hub_admin_renders_the_intro_and_keeps_the_slug(client, staff):
    response = client.post(
        "/admin/knowledge_bank/hub/add/",
        {
            "name": "Resilience",
            "slug": "resilience",
            "intro": "Plans for **floods**.<script>x()</script>",
            "review_interval_months": "6",
            "position": "10",
        },
    )
    assert response.status_code == 302
    hub = Hub.objects.get(slug="resilience")
    assert hub.review_interval_months == 6
    assert "<strong>floods</strong>" in hub.intro_html and "<script" not in hub.intro_html

    response = client.post(
        f"/admin/knowledge_bank/hub/{hub.pk}/change/",
        {"name": "Resilience hub", "slug": "renamed", "intro": "Updated.", "review_interval_months": "6",
         "position": "10"},
    )  # fmt: skip
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.name, hub.slug, hub.intro_html.strip()) == ("Resilience hub", "resilience", "<p>Updated.</p>")
    assert Hub.objects.count() == 1


def test_hub_review_interval_outside_one_to_36_months_is_refused(client, staff):
    response = client.post(
        "/admin/knowledge_bank/hub/add/",
        {
            "name": "Transport",
            "slug": "transport",
            "intro": "",
            "review_interval_months": "48",
            "position": "1",
        },
    )
    assert response.status_code == 200
    assert "The review interval must be between 1 and 36 months." in response.content.decode()
    assert not Hub.objects.exists()


def test_a_former_member_of_staff_stays_selectable_on_their_own_resource(client, staff):
    former = office_author(full_name="Former Colleague")
    resource = ResourceFactory(owner=former)
    former.is_staff = False
    former.save(update_fields=["is_staff"])

    own_page = client.get(change_url(resource))
    other_page = client.get(RESOURCE_ADD)

    assert former in own_page.context["adminform"].form.fields["owner"].queryset
    assert former not in other_page.context["adminform"].form.fields["owner"].queryset
    response = client.post(change_url(resource), change_form(resource, summary="Still theirs."))
    assert response.status_code == 302, response.context["adminform"].form.errors
