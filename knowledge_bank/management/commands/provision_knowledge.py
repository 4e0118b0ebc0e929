"""The knowledge bank's starting content, run by `make run` (through provision_demo) every time.

Hubs come from knowledge_bank/data/hubs.toml and are created when missing; a hub
that already exists keeps whatever staff have made of it (--update-hubs rewrites it).
Demo resources come from knowledge_bank/data/resources_*.toml and are added only
when DEBUG is on (or with --demo-content): any slug already taken is left alone, so
running this twice changes nothing. Every write goes through the services."""

import argparse
import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from knowledge_bank import demo_files, permissions
from knowledge_bank.models import FileVersion, Hub, Resource
from knowledge_bank.seeding import load_hub_specs
from knowledge_bank.services import files as file_services
from knowledge_bank.services import resources as resource_services
from knowledge_bank.validation import ACCEPTED_TYPES
from members.models import User

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def load_resource_specs() -> list[dict]:
    specs = []
    for path in sorted(DATA_DIR.glob("resources_*.toml")):
        with open(path, "rb") as handle:
            specs.extend(tomllib.load(handle)["resource"])
    return specs


def demo_upload(spec: dict, *, title: str) -> SimpleUploadedFile:
    """The demo file for a resource: a CSV is one header row (a column per line of text)
    ready for entering responses; other types carry the text as their content."""
    extension, text = spec["extension"], spec.get("text", "").strip()
    if extension == "csv":
        columns = [line.strip() for line in text.splitlines() if line.strip()]
        content_type = ACCEPTED_TYPES["csv"].content_type
        return SimpleUploadedFile(f"{slugify(title)}.csv", demo_files.csv_bytes([columns]), content_type)
    return demo_files.sample_upload(extension, title=title, text=text)


@dataclass
class Tally:
    hubs_created: int = 0
    hubs_updated: int = 0
    resources_created: int = 0
    resources_present: int = 0
    files_added: int = 0
    problems: list[str] = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "Create the knowledge bank's hubs (and, with DEBUG on or --demo-content, demo resources). "
        "Safe to run again: nothing that exists is changed unless --update-hubs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-content",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Add the demo resources (default: only when DEBUG is on).",
        )
        parser.add_argument(
            "--update-hubs",
            action="store_true",
            help="Rewrite existing hubs (name, intro, review interval) from knowledge_bank/data/hubs.toml.",
        )

    def handle(self, *args, demo_content=None, update_hubs=False, **options):
        tally = Tally()
        hubs = self._provision_hubs(tally, update=update_hubs)
        summary = f"Knowledge bank: {len(hubs)} hubs ({tally.hubs_created} new, {tally.hubs_updated} updated)"
        if demo_content is None:
            demo_content = settings.DEBUG
        if not demo_content:
            self.stdout.write(
                f"{summary}; demo resources not added (DEBUG is off; --demo-content adds them)."
            )
            return
        owner = User.objects.filter(permissions.resource_owner_filter()).order_by("pk").first()
        if owner is None:
            self.stdout.write(
                f"{summary}; demo resources skipped: they need a member of staff as their owner and there "
                "is none yet (create one, e.g. with seed_demo, then run provision_knowledge again)."
            )
            return
        for spec in load_resource_specs():
            self._provision_resource(spec, hubs=hubs, owner=owner, tally=tally)
        self.stdout.write(
            f"{summary}; demo resources: {tally.resources_created} new, {tally.resources_present} already "
            f"there; {tally.files_added} files added (owner: {owner.email})."
        )
        for problem in tally.problems:
            self.stderr.write(problem)

    def _provision_hubs(self, tally: Tally, *, update: bool) -> dict[str, Hub]:
        specs = load_hub_specs()
        existing = {hub.slug: hub for hub in Hub.objects.filter(slug__in=[spec["slug"] for spec in specs])}
        hubs = {}
        for spec in specs:
            slug = spec["slug"]
            if slug in existing and not update:
                hubs[slug] = existing[slug]
                continue
            same_name = Hub.objects.filter(name__iexact=spec["name"]).exclude(slug=slug).first()
            if same_name is not None:
                # Staff made this hub under another slug: use theirs rather than clash on the name.
                hubs[slug] = same_name
                continue
            hubs[slug] = resource_services.hub_save(
                name=spec["name"],
                slug=slug,
                intro=spec["intro"].strip(),
                review_interval_months=spec["review_interval_months"],
                position=spec["position"],
            )
            if slug in existing:
                tally.hubs_updated += 1
            else:
                tally.hubs_created += 1
        return hubs

    def _provision_resource(self, spec: dict, *, hubs: dict[str, Hub], owner, tally: Tally) -> None:
        resource = Resource.objects.filter(slug=spec["slug"]).first()
        if resource is None:
            resource = self._create_resource(spec, hubs=hubs, owner=owner)
            tally.resources_created += 1
        else:
            tally.resources_present += 1
        # A file is added once; a resource whose file failed last time gets it now.
        if "file" in spec and not FileVersion.objects.filter(resource=resource).exists():
            try:
                file_services.resource_version_upload(
                    resource=resource,
                    uploaded_file=demo_upload(spec["file"], title=resource.title),
                    uploaded_by=owner,
                    change_note=spec["file"].get("change_note", ""),
                )
            except ValidationError as error:
                tally.problems.append(f"No file for {resource.slug}: {' '.join(error.messages)}")
            else:
                tally.files_added += 1

    @transaction.atomic
    def _create_resource(self, spec: dict, *, hubs: dict[str, Hub], owner) -> Resource:
        status = spec.get("status", Resource.Status.PUBLISHED)
        published_at = None
        if status != Resource.Status.DRAFT:
            published_at = timezone.now() - datetime.timedelta(days=spec["days_ago"])
        resource = resource_services.resource_create(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            summary=spec["summary"],
            body=spec["body"].strip(),
            audience=spec["audience"],
            status=status,
            owner=owner,
            hubs=[hubs[slug] for slug in spec.get("hubs", [])],
            topics=[resource_services.topic_get_or_create(name=name) for name in spec.get("topics", [])],
            embed_url=spec.get("embed_url", ""),
            published_at=published_at,
        )
        for hub_slug, order in spec.get("pin", {}).items():
            resource_services.hub_pin(hub=hubs[hub_slug], resource=resource, pin_order=order)
        return resource
