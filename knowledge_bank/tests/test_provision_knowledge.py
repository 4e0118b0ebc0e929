"""provision_knowledge: the real hubs, and demo resources that read like the real thing,
added once however often `make run` runs it."""

import io

import pytest
from django.core.management import call_command

from knowledge_bank import rendering
from knowledge_bank.models import FileVersion, Hub, HubItem, Resource, Topic
from knowledge_bank.services.resources import hub_save
from members.tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

HUB_SLUGS = [
    "climate-change",
    "resilience",
    "communications",
    "community-transport",
    "rural-agenda",
    "aspiring-councils",
]


def provision(*args) -> str:
    out = io.StringIO()
    call_command("provision_knowledge", *args, stdout=out, stderr=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Hub, Topic, Resource, HubItem, FileVersion)}


@pytest.fixture
def owner(db):
    return staff_user(full_name="Olivia Office", email="office@example.org")


def test_running_twice_changes_nothing_the_second_time(owner):
    first_output = provision("--demo-content")
    after_first = counts()
    second_output = provision("--demo-content")

    assert counts() == after_first
    assert after_first["Hub"] == 6
    assert 25 <= after_first["Resource"] <= 35
    assert after_first["FileVersion"] == 4  # declaration, emergency plan, survey, podcast audio
    assert "No file for" not in first_output
    assert "6 hubs (6 new, 0 updated)" in first_output
    assert f"demo resources: {after_first['Resource']} new, 0 already there" in first_output
    assert f"demo resources: 0 new, {after_first['Resource']} already there; 0 files added" in second_output


def test_the_real_hubs_with_their_review_intervals(owner):
    provision()
    hubs = {hub.slug: hub for hub in Hub.objects.all()}

    assert list(Hub.objects.values_list("slug", flat=True)) == HUB_SLUGS  # home-page order
    assert hubs["resilience"].review_interval_months == 6
    assert {hubs[slug].review_interval_months for slug in HUB_SLUGS if slug != "resilience"} == {12}
    assert "Kent Resilience Team" in hubs["resilience"].intro_html
    assert "<strong>reviewed every six months" in hubs["resilience"].intro_html
    for phrase in ("Next steps", "Funding sources", "Model declarations"):
        assert phrase in hubs["climate-change"].intro_html
    assert "social media guidance" in hubs["communications"].intro_html


def test_demo_resources_cover_every_kind_and_audience_and_read_like_the_real_thing(owner):
    provision("--demo-content")
    resources = Resource.objects.all()

    assert set(resources.values_list("kind", flat=True)) == set(Resource.Kind.values)
    assert set(resources.values_list("audience", flat=True)) == set(Resource.Audience.values)
    assert resources.filter(status=Resource.Status.DRAFT).count() == 1
    assert set(resources.values_list("owner", flat=True)) == {owner.pk}
    for resource in resources:
        assert len(resource.body) > 400, resource.slug
        assert "<p>" in resource.body_html, resource.slug
        assert "lorem" not in resource.body.lower()
        assert resource.search_vector is not None
    # Resilience items follow the hub's six-month review rhythm.
    plan = Resource.objects.get(slug="writing-a-community-emergency-plan")
    assert (plan.review_due - plan.created_at.date()).days in range(181, 185)


def test_the_model_climate_emergency_declaration_has_its_file(owner):
    provision("--demo-content")
    declaration = Resource.objects.get(slug="model-climate-emergency-declaration")

    assert declaration.title == "Model climate emergency declaration"
    assert declaration.kind == Resource.Kind.TEMPLATE
    assert list(declaration.hubs.values_list("slug", flat=True)) == ["climate-change"]
    version = FileVersion.objects.get(resource=declaration)
    assert version.number == 1 and version.uploaded_by == owner
    assert version.original_name.endswith(".docx")
    with version.file.open("rb") as handle:
        assert handle.read(2) == b"PK"  # a real Word (zip) document


def test_pinned_items_lead_their_hubs(owner):
    provision("--demo-content")
    pinned = HubItem.objects.filter(hub__slug="climate-change", pinned=True).order_by("pin_order")
    assert [item.resource.slug for item in pinned][:2] == [
        "model-climate-emergency-declaration",
        "climate-action-after-the-declaration",
    ]


def test_the_vlog_plays_in_the_page(owner):
    provision("--demo-content")
    vlog = Resource.objects.get(kind=Resource.Kind.VLOG)
    assert rendering.embed_player_url(vlog.embed_url).startswith("https://www.youtube-nocookie.com/embed/")


def test_without_staff_the_hubs_are_made_and_the_resources_wait(db):
    UserFactory()  # a member, not staff
    output = provision("--demo-content")

    assert Hub.objects.count() == 6
    assert not Resource.objects.exists()
    assert "demo resources skipped" in output and "no" in output

    staff_user()
    provision("--demo-content")
    assert Resource.objects.count() > 25


def test_demo_resources_are_left_out_when_debug_is_off(owner, settings):
    settings.DEBUG = False
    output = provision()
    assert Hub.objects.count() == 6
    assert not Resource.objects.exists()
    assert "demo resources not added" in output


def test_hubs_staff_have_edited_are_left_alone_unless_asked(owner):
    provision()
    hub_save(name="Climate change", slug="climate-change", intro="Our own words.", position=10)

    provision()
    assert Hub.objects.get(slug="climate-change").intro == "Our own words."

    output = provision("--update-hubs")
    assert "Next steps" in Hub.objects.get(slug="climate-change").intro
    assert "6 hubs (0 new, 6 updated)" in output


def test_an_existing_resource_slug_is_not_touched(owner):
    from knowledge_bank.tests.factories import ResourceFactory

    mine = ResourceFactory(slug="model-complaints-procedure", title="Our complaints procedure", owner=owner)
    provision("--demo-content")
    mine.refresh_from_db()
    assert mine.title == "Our complaints procedure"
