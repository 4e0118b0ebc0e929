"""seed_knowledge, seed_scale_knowledge and bench_search."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from knowledge_bank.models import Hub, HubItem, Resource, Topic
from knowledge_bank.rendering import render_markdown
from knowledge_bank.seeding import load_hub_specs
from knowledge_bank.services.resources import resource_search_vector_refresh
from knowledge_bank.tests.factories import HubFactory, ResourceFactory
from members.models import User

pytestmark = pytest.mark.django_db

HUB_SLUGS = {"climate-change", "resilience", "communications", "community-transport", "rural-agenda",
             "aspiring-councils"}  # fmt: skip


def test_seed_knowledge_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_knowledge", count=10)
    assert not Resource.objects.exists()

    call_command("seed_knowledge", count=10, force=True, stdout=io.StringIO())
    assert Resource.objects.count() == 10


def test_seed_knowledge_makes_varied_indexed_resources(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("seed_knowledge", count=300, seed=7, stdout=out)

    assert "Seeded 300 resources" in out.getvalue()
    resources = list(Resource.objects.all())
    assert len(resources) == 300
    assert all(resource.search_vector for resource in resources)
    # The fast HTML is exactly what the services' renderer makes of the Markdown.
    assert all(resource.body_html == render_markdown(resource.body) for resource in resources)
    assert len({resource.slug for resource in resources}) == 300
    assert {resource.kind for resource in resources} == set(Resource.Kind.values)
    assert {resource.audience for resource in resources} == set(Resource.Audience.values)
    assert {resource.status for resource in resources} == set(Resource.Status.values)
    assert all(r.published_at for r in resources if r.status == Resource.Status.PUBLISHED)
    assert all(r.review_due for r in resources if r.status != Resource.Status.ARCHIVED)
    assert all(r.owner.is_staff for r in resources)
    assert len({resource.title for resource in resources}) > 150
    assert Resource.objects.filter(search_vector="allotments").exists()
    assert HubItem.objects.filter(hub__slug="climate-change").exists()
    assert Resource.topics.through.objects.count() >= 300
    assert set(Hub.objects.values_list("slug", flat=True)) == HUB_SLUGS
    assert Hub.objects.get(slug="resilience").review_interval_months == 6
    assert Topic.objects.filter(name="Allotments").exists()

    # The vectors are the ones the service builds.
    sample = {resource.pk: resource.search_vector for resource in resources[:25]}
    resource_search_vector_refresh(resource_ids=sample)
    assert dict(Resource.objects.filter(pk__in=sample).values_list("pk", "search_vector")) == sample

    # New rows take ids after the seeded ones.
    assert ResourceFactory(owner=resources[0].owner).pk > max(r.pk for r in resources)


def test_seeding_twice_adds_rows_and_keeps_existing_hubs_and_owners(settings):
    settings.DEBUG = True
    HubFactory(name="Climate change", slug="climate-change", intro="Our own intro.")
    HubFactory(name="Communications", slug="comms")  # same name, another slug
    call_command("seed_knowledge", count=50, stdout=io.StringIO())
    owners = set(User.objects.filter(is_staff=True))
    call_command("seed_knowledge", count=50, stdout=io.StringIO())

    assert Resource.objects.count() == 100
    assert Hub.objects.count() == len(load_hub_specs())
    assert Hub.objects.get(slug="climate-change").intro == "Our own intro."
    assert not Hub.objects.filter(slug="communications").exists()
    assert (
        set(User.objects.filter(is_staff=True))
        == owners
        == {User.objects.get(email__startswith="knowledge-owner")}
    )


def test_seed_knowledge_rejects_nonsense_counts(settings):
    settings.DEBUG = True
    for count in (0, -5):
        with pytest.raises(CommandError, match="--count"):
            call_command("seed_knowledge", count=count)


def test_seed_scale_knowledge_adds_five_per_council_and_refuses_unforced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale_knowledge", councils=4)

    call_command("seed_scale_knowledge", councils=4, force=True, stdout=io.StringIO())
    assert Resource.objects.count() == 20


def test_bench_search_times_the_search_page_and_prints_a_table(settings):
    settings.DEBUG = False
    call_command("seed_knowledge", count=150, force=True, stdout=io.StringIO())
    out = io.StringIO()

    call_command(
        "bench_search",
        requests=12,
        warmup=2,
        min_resources=100,
        queries=["climate change", "flood plan", "climte change"],
        force=True,
        stdout=out,
    )

    report = out.getvalue()
    assert "150 resources" in report
    assert re.search(r"Median \d+\.\d ms, p95 \d+\.\d ms\.", report), report
    assert re.search(r"^climate change\s+4\s+\d+", report, re.MULTILINE), report
    assert re.search(r"^all\s+12\s+", report, re.MULTILINE), report
    # The bench clerk it made sees clerks' items.
    assert "visible to the signed-in clerk: public, members, clerks" in report


def test_bench_search_asks_for_seeding_first():
    with pytest.raises(CommandError, match="seed_knowledge --count 50000"):
        call_command("bench_search", requests=1)


def test_bench_search_will_not_invent_a_clerk_unforced(settings):
    settings.DEBUG = False
    call_command("seed_knowledge", count=20, force=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No clerk"):
        call_command("bench_search", requests=1, min_resources=10)
