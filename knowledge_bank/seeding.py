"""Synthetic knowledge bank content for benchmarks and query-scaling tests.

Resources are written from a vocabulary of English parish-council subjects
(allotments, precept, code of conduct, flood resilience...), so titles, summaries
and Markdown bodies read like the real thing and search over them behaves like
search over the real thing: common words are common, a subject's words cluster.

Rows go in with PostgreSQL COPY (ids reserved here, the sequence moved on past
them); each body is rendered through the same render_markdown the services use,
and the search vectors are built afterwards by the service's own UPDATE, so a
seeded resource is indistinguishable from one written through resource_create.
50,000 resources load in well under a minute on a small machine."""

import datetime
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from knowledge_bank import permissions
from knowledge_bank.models import SEARCH_CONFIG, Hub, HubItem, Resource, Topic
from knowledge_bank.rendering import render_markdown
from knowledge_bank.selectors import tallies
from knowledge_bank.services import resources as resource_services
from members.models import User
from members.seeding import copy_rows
from members.services.core import user_create

BATCH_SIZE = 5_000
BENCH_OWNER_EMAIL = "knowledge-owner@bench.example.org"

HUBS_FILE = Path(__file__).resolve().parent / "data" / "hubs.toml"


def load_hub_specs() -> list[dict]:
    """The association's hubs (slug, name, position, review_interval_months, intro), from
    data/hubs.toml: provision_knowledge and the scale seed create the same hubs."""
    with open(HUBS_FILE, "rb") as handle:
        return tomllib.load(handle)["hub"]


@dataclass(frozen=True)
class Subject:
    topic: str
    phrases: tuple[str, ...]
    hubs: tuple[str, ...] = ()


SUBJECTS = [
    Subject("Allotments", ("allotments", "allotment tenancy agreements", "allotment rent",
                           "allotment waiting lists"), ("rural-agenda",)),
    Subject("Cemeteries and burials", ("cemeteries", "burial grounds", "memorial safety",
                                       "closed churchyards")),
    Subject("Precept and budgets", ("the precept", "budget setting", "general reserves",
                                    "earmarked reserves")),
    Subject("Code of conduct", ("the code of conduct", "declarations of interest",
                                "the register of interests", "councillor complaints")),
    Subject("Climate emergency", ("climate change", "the climate emergency", "carbon reduction",
                                  "climate action plans"), ("climate-change",)),
    Subject("Flood resilience", ("flood resilience", "community flood plans", "sandbags",
                                 "surface water flooding"), ("resilience", "climate-change")),
    Subject("Emergency planning", ("community emergency plans", "severe weather", "power cuts",
                                   "emergency rest centres"), ("resilience",)),
    Subject("Community transport", ("community transport", "volunteer driver schemes",
                                    "community minibuses", "rural bus services"), ("community-transport",)),
    Subject("Village halls", ("village halls", "hall hire charges", "hall management committees"),
            ("rural-agenda",)),
    Subject("Grants and funding", ("grant funding", "grant applications", "funding sources",
                                   "the community infrastructure levy"),
            ("climate-change", "aspiring-councils")),
    Subject("Data protection", ("GDPR", "data protection", "subject access requests", "privacy notices")),
    Subject("Social media", ("social media", "council Facebook pages", "online abuse of councillors",
                             "communications policies"), ("communications",)),
    Subject("Neighbourhood planning", ("neighbourhood plans", "planning applications",
                                       "local plan consultations"), ("rural-agenda",)),
    Subject("Speed watch", ("community speed watch", "speeding traffic", "road safety", "traffic calming"),
            ("rural-agenda",)),
    Subject("Rural broadband", ("rural broadband", "gigabit vouchers", "mobile coverage"), ("rural-agenda",)),
    Subject("Trees and hedgerows", ("tree preservation orders", "tree planting", "hedgerows",
                                    "verge cutting"), ("climate-change",)),
    Subject("Biodiversity", ("biodiversity", "wildflower verges", "pollinators", "the biodiversity duty"),
            ("climate-change",)),
    Subject("Councillor training", ("councillor induction", "new councillors", "the role of the chair",
                                    "co-option"), ("aspiring-councils",)),
    Subject("Quality and awards", ("the Local Council Award Scheme", "the general power of competence",
                                   "quality gold"), ("aspiring-councils",)),
    Subject("Meetings and minutes", ("meetings", "agendas", "minutes", "standing orders",
                                     "public participation")),
    Subject("Finance and audit", ("internal audit", "the annual governance statement",
                                  "financial regulations", "VAT reclaims")),
    Subject("Employment", ("the clerk's contract", "staff appraisals", "pensions", "NJC pay scales")),
    Subject("Health and wellbeing", ("health and wellbeing", "loneliness", "warm spaces", "fundraising")),
    Subject("Community engagement", ("community engagement", "consultation", "parish newsletters",
                                     "the annual parish meeting"), ("communications",)),
    Subject("Play areas and open spaces", ("play area inspections", "open spaces", "playing fields")),
    Subject("Assets and land", ("community asset transfer", "assets of community value",
                                "land registration")),
    Subject("Highways and footpaths", ("potholes", "public rights of way", "street lighting", "footpaths")),
]  # fmt: skip

# Title patterns by kind; {p} is a subject phrase, {P} the same capitalised, {place} a parish.
TITLE_PATTERNS = {
    Resource.Kind.GUIDE: ["A guide to {p}", "{P}: a step-by-step guide for clerks", "Getting {p} right",
                          "{P} for new councillors", "Good practice on {p}"],
    Resource.Kind.TOOLKIT: ["{P} toolkit", "Community leadership toolkit: {p}", "Toolkit for {p}"],
    Resource.Kind.TEMPLATE: ["Template letter on {p}", "{P}: agenda and report template",
                             "Template: {p} checklist"],
    Resource.Kind.LEGAL_NOTE: ["Legal topic note: {p}", "{P}: the law explained", "Legal note on {p}"],
    Resource.Kind.MODEL_POLICY: ["Model policy on {p}", "Model {p} policy and procedure"],
    Resource.Kind.SURVEY_TEMPLATE: ["Residents' survey on {p}", "{P} survey template"],
    Resource.Kind.BRIEFING: ["Briefing: {p}", "{P}: what councils need to know", "Update on {p}"],
    Resource.Kind.BLOG_POST: ["How {place} tackled {p}", "Five lessons on {p}", "Why {p} matters"],
    Resource.Kind.VLOG: ["Video: {p} explained", "Watch: {p} in ten minutes"],
    Resource.Kind.PODCAST: ["Podcast: {p} with the clerk of {place}", "Podcast episode on {p}"],
    Resource.Kind.SUCCESS_STORY: ["{place}: {p} success story", "{place} Parish Council and {p}"],
}  # fmt: skip

KIND_WEIGHTS = {
    Resource.Kind.GUIDE: 20, Resource.Kind.TOOLKIT: 7, Resource.Kind.TEMPLATE: 12,
    Resource.Kind.LEGAL_NOTE: 10, Resource.Kind.MODEL_POLICY: 10, Resource.Kind.SURVEY_TEMPLATE: 4,
    Resource.Kind.BRIEFING: 10, Resource.Kind.BLOG_POST: 10, Resource.Kind.VLOG: 5, Resource.Kind.PODCAST: 5,
    Resource.Kind.SUCCESS_STORY: 7,
}  # fmt: skip
AUDIENCE_WEIGHTS = {
    Resource.Audience.PUBLIC: 35,
    Resource.Audience.MEMBERS: 45,
    Resource.Audience.CLERKS: 15,
    Resource.Audience.STAFF: 5,
}
STATUS_WEIGHTS = {Resource.Status.PUBLISHED: 88, Resource.Status.DRAFT: 8, Resource.Status.ARCHIVED: 4}

SUMMARY_PATTERNS = [
    "What parish and town councils need to know about {p}, with the steps to take and who to ask.",
    "Practical advice on {p} for clerks and councillors, including {q}.",
    "How to handle {p} at your council, from the first agenda item to the final decision.",
    "The law and good practice on {p}, and how it links to {q}.",
    "A short, plain-English explanation of {p} for busy clerks.",
    "Lessons from Kent councils on {p} and {q}.",
]
WHY_SENTENCES = [
    "Most parish councils deal with {p} at least once a year, and the clerk usually leads.",
    "Residents often raise {p} at the annual parish meeting, so it helps to have an answer ready.",
    "The Local Government Act 1972 gives councils powers that cover {p}, but the detail matters.",
    "Getting {p} wrong can cost the council money and goodwill.",
    "Small councils with a turnover under £25,000 can keep {p} simple and proportionate.",
    "Auditors increasingly ask how the council manages {p}.",
    "Neighbouring councils have often already done the work on {p}: ask them.",
    "Work on {p} often touches on {q}, so plan the two together.",
    "Councillors sometimes feel unsure about {p}; a short briefing before the meeting helps.",
    "The district and county councils have their own responsibilities for {p}.",
    "Many councils found that a clear written procedure for {p} saved time later.",
    "The clerk, as proper officer, should be clear who decides what on {p}.",
    "Where {p} involves spending, the responsible financial officer must be consulted.",
    "Good records on {p} make the internal auditor's visit much easier.",
]
POINTS = [
    "who is responsible for {p}",
    "what it will cost and which budget line pays",
    "the timetable and the next review",
    "how residents will hear about {p}",
    "any legal powers or duties involved",
    "risks and how they are managed",
    "how {p} links to {q}",
    "what neighbouring councils have done",
]
STEP_SENTENCES = [
    "Put {p} on the agenda and send the papers out three clear days before the meeting.",
    "Record the decision on {p} in the minutes, with the reasons for it.",
    "Agree a budget for {p} when the precept is set in January.",
    "Ask a working group to report back on {p} within three months.",
    "Check your standing orders and financial regulations before committing to {p}.",
    "Write to residents about {p} through the parish newsletter and the noticeboards.",
    "Review the council's policy on {p} every year and note the review date.",
    "Keep a simple log of actions on {p} so a new clerk can pick it up.",
    "Check the insurance position before starting any work on {p}.",
    "Talk to the KALC office early if {p} raises a legal question.",
]
HELP_SENTENCES = [
    "The KALC office can put you in touch with a council that has done this before.",
    "See the related legal topic notes for the statutory background.",
    "Clerks can ask questions about {p} in the clerks' forum.",
    "Training on {p} runs through the year; see the training calendar.",
    "Model documents are in the templates section of the knowledge bank.",
]
PLACE_ROOTS = [
    "Ash", "Brook", "Chart", "Dun", "Eyne", "Hart", "Lydd", "Marden", "Newing", "Otham",
    "Pluck", "Shol", "Sturry", "Tenter", "Wye", "Yald", "Bough", "Chil", "Elham", "Stel",
]  # fmt: skip
PLACE_SUFFIXES = ["", "ton", "ham", "ley", "den", "hurst", "ford", "wick", "bourne", "stone"]  # fmt: skip
VIDEO_IDS = ["dQw4w9WgXcQ", "M7lc1UVf-VE", "aqz-KE-bpKQ", "ScMzIvxBSi4", "jNQXAC9IVRw"]


@dataclass(frozen=True)
class KnowledgeSeedResult:
    resources: int
    published: int
    hub_items: int
    topic_links: int
    hubs_created: int


def vacuum_after_seeding() -> bool:
    """VACUUM ANALYZE the seeded tables (visibility map, statistics) when outside a transaction."""
    if connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (Resource, HubItem, Resource.topics.through):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return True


def _reserve_ids(model, count: int) -> range:
    """`count` ids after the current maximum, with the table's sequence moved on past them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608 - our table
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our table
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count])
    return range(start, start + count)


def ensure_hubs() -> tuple[dict[str, Hub], int]:
    """The association's hubs by slug, creating (through hub_save) only the missing ones."""
    specs = load_hub_specs()
    hubs = {hub.slug: hub for hub in Hub.objects.filter(slug__in=[spec["slug"] for spec in specs])}
    created = 0
    for spec in specs:
        slug, name = spec["slug"], spec["name"]
        if slug in hubs:
            continue
        # A hub staff made under another slug keeps its own (names are unique too).
        same_name = Hub.objects.filter(name__iexact=name).first()
        if same_name is not None:
            hubs[slug] = same_name
        else:
            hubs[slug] = resource_services.hub_save(
                name=name,
                slug=slug,
                intro=spec["intro"].strip(),
                review_interval_months=spec["review_interval_months"],
                position=spec["position"],
            )
            created += 1
    return hubs, created


def ensure_topics() -> dict[str, Topic]:
    return {subject.topic: resource_services.topic_get_or_create(name=subject.topic) for subject in SUBJECTS}


def bench_owners() -> list[User]:
    """Staff who own resources: the existing office staff, or one bench owner if there are none."""
    owners = list(User.objects.filter(permissions.resource_owner_filter()).order_by("pk")[:20])
    if not owners:
        owners = [
            User.objects.filter(email=BENCH_OWNER_EMAIL).first()
            or user_create(email=BENCH_OWNER_EMAIL, full_name="Knowledge Bank Owner", is_staff=True)
        ]
    return owners


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Body:
    """A generated body as blocks, written out both as Markdown and as the exact HTML
    render_markdown makes of that Markdown (headings, paragraphs, tight lists, one
    bold phrase; no character Markdown treats specially). Rendering 50,000 bodies
    through markdown-it and nh3 would take most of a seed run; seed_knowledge still
    renders a sample the slow way and stops if the two ever differ."""

    def __init__(self):
        self.blocks: list[tuple[str, object]] = []

    def heading(self, text: str):
        self.blocks.append(("h2", text))

    def paragraph(self, text: str, bold_tail: tuple[str, str] | None = None):
        self.blocks.append(("p", (text, bold_tail)))

    def bullets(self, items: list[str]):
        self.blocks.append(("ul", items))

    def numbered(self, items: list[str]):
        self.blocks.append(("ol", items))

    def markdown(self) -> str:
        parts = []
        for tag, content in self.blocks:
            if tag == "h2":
                parts.append(f"## {content}")
            elif tag == "p":
                text, bold_tail = content
                parts.append(f"{text} **{bold_tail[0]}** {bold_tail[1]}" if bold_tail else text)
            elif tag == "ul":
                parts.append("\n".join(f"- {item}" for item in content))
            else:
                parts.append("\n".join(f"{n}. {item}" for n, item in enumerate(content, start=1)))
        return "\n\n".join(parts) + "\n"

    def html(self) -> str:
        parts = []
        for tag, content in self.blocks:
            if tag == "h2":
                parts.append(f"<h2>{_escape(content)}</h2>\n")
            elif tag == "p":
                text, bold_tail = content
                inner = _escape(text)
                if bold_tail:
                    inner += f" <strong>{_escape(bold_tail[0])}</strong> {_escape(bold_tail[1])}"
                parts.append(f"<p>{inner}</p>\n")
            else:
                items = "".join(f"<li>{_escape(item)}</li>\n" for item in content)
                parts.append(f"<{tag}>\n{items}</{tag}>\n")
        return "".join(parts)


def _escape(text: str) -> str:
    # What nh3 leaves escaped in text (markdown-it's &quot; comes back out as a plain quote).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Writer:
    """Builds one resource's text from the vocabulary with a seeded random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(KIND_WEIGHTS.values())
        self.audiences = list(AUDIENCE_WEIGHTS)
        self.audience_weights = list(AUDIENCE_WEIGHTS.values())
        self.statuses = list(STATUS_WEIGHTS)
        self.status_weights = list(STATUS_WEIGHTS.values())

    def place(self) -> str:
        return self.rng.choice(PLACE_ROOTS) + self.rng.choice(PLACE_SUFFIXES)

    def _fill(self, pattern: str, phrase: str, other: str) -> str:
        return pattern.format(p=phrase, P=_capitalise(phrase), q=other, place=self.place())

    def title(self, kind: str, phrase: str) -> str:
        return self._fill(self.rng.choice(TITLE_PATTERNS[kind]), phrase, "")

    def summary(self, phrase: str, other: str) -> str:
        return self._fill(self.rng.choice(SUMMARY_PATTERNS), phrase, other)

    def body(self, subject: Subject, other_subject: Subject) -> _Body:
        rng = self.rng

        def sentence(pool):
            return self._fill(
                rng.choice(pool), rng.choice(subject.phrases), rng.choice(other_subject.phrases)
            )

        def sentences(pool, low, high):
            return " ".join(sentence(pool) for _ in range(rng.randint(low, high)))

        body = _Body()
        body.heading("Why it matters")
        body.paragraph(sentences(WHY_SENTENCES, 2, 4))
        body.paragraph(sentences(WHY_SENTENCES, 1, 3))
        body.heading("Background")
        body.paragraph(sentences(WHY_SENTENCES, 2, 4))
        body.paragraph("A council report should cover:")
        body.bullets([sentence([pattern]) for pattern in rng.sample(POINTS, rng.randint(3, 5))])
        body.heading("What to do")
        body.numbered([sentence(STEP_SENTENCES) for _ in range(rng.randint(3, 6))])
        body.heading("Further help")
        body.paragraph(sentences(HELP_SENTENCES, 1, 2), bold_tail=("Last checked", "by the KALC office."))
        return body


def _published_at(rng: random.Random, now: datetime.datetime) -> datetime.datetime:
    # Six years of output, with more in recent years (the bank grows).
    days = int(rng.triangular(0, 6 * 365, 0))
    return now - datetime.timedelta(days=days, seconds=rng.randrange(86_400))


RESOURCE_COLUMNS = [
    "id", "title", "slug", "kind", "summary", "body", "body_html", "audience", "owner_id", "status",
    "published_at", "review_due", "embed_url", "download_count", "created_at", "updated_at",
]  # fmt: skip
# The vector resource_search_vector_refresh builds (title A, summary B, body C), as SQL over the
# staging table: computed once on the way in rather than by a second pass that rewrites every row
# and every index entry. test_seed_knowledge checks the two stay identical.
_SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector(%(config)s::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector(%(config)s::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector(%(config)s::regconfig, COALESCE(body, '')), 'C')"
)
GIN_INDEXES = ("resource_search_vector_gin", "resource_title_trgm_gin")
# Every this-many rows, the fast HTML is checked against render_markdown.
HTML_CHECK_EVERY = 250


class SeedHtmlMismatch(RuntimeError):
    pass


def _resource_rows(rng, writer, ids, *, hubs, topics, owners, now, taken_slugs, hub_item_ids, topic_link_ids):
    resource_rows, hub_rows, topic_rows = [], [], []
    for resource_id in ids:
        subject = rng.choice(SUBJECTS)
        other = rng.choice(SUBJECTS)
        kind = rng.choices(writer.kinds, writer.kind_weights)[0]
        status = rng.choices(writer.statuses, writer.status_weights)[0]
        audience = rng.choices(writer.audiences, writer.audience_weights)[0]
        title = writer.title(kind, rng.choice(subject.phrases))[:200]
        slug = f"{slugify(title)[:180]}-{resource_id}"
        while slug in taken_slugs:
            slug = f"{slug}-x"
        taken_slugs.add(slug)
        summary = writer.summary(rng.choice(subject.phrases), rng.choice(other.phrases))[:400]
        body = writer.body(subject, other)
        body_markdown, body_html = body.markdown(), body.html()
        if resource_id % HTML_CHECK_EVERY == 0 and render_markdown(body_markdown) != body_html:
            raise SeedHtmlMismatch(f"The seed's HTML differs from render_markdown for:\n{body_markdown}")
        published_at = None if status == Resource.Status.DRAFT else _published_at(rng, now)

        resource_hubs = [hubs[hub_slug] for hub_slug in subject.hubs if rng.random() < 0.8]
        if not resource_hubs and rng.random() < 0.1:
            resource_hubs = [rng.choice(list(hubs.values()))]
        interval = min((hub.review_interval_months for hub in resource_hubs), default=12)
        review_due = None
        if status != Resource.Status.ARCHIVED:
            review_due = resource_services.add_months((published_at or now).date(), interval)
        embed_url = ""
        if kind == Resource.Kind.VLOG or (kind == Resource.Kind.PODCAST and rng.random() < 0.5):
            embed_url = f"https://www.youtube.com/watch?v={rng.choice(VIDEO_IDS)}"

        resource_rows.append(
            (resource_id, title, slug, kind, summary, body_markdown, body_html, audience,
             rng.choice(owners).pk, status, published_at, review_due, embed_url, 0, now, now)
        )  # fmt: skip
        for hub in resource_hubs[:2]:
            hub_rows.append((next(hub_item_ids), hub.pk, resource_id, False, 0))
        topic_ids = {topics[subject.topic].pk}
        if rng.random() < 0.4:
            topic_ids.add(topics[other.topic].pk)
        for topic_id in sorted(topic_ids):
            topic_rows.append((next(topic_link_ids), resource_id, topic_id))
    return resource_rows, hub_rows, topic_rows


@transaction.atomic
def seed_knowledge(*, count: int, seed: int = 2026) -> KnowledgeSeedResult:
    """Add `count` synthetic resources with hubs, topics, rendered bodies and search vectors."""
    hubs, hubs_created = ensure_hubs()
    topics = ensure_topics()
    owners = bench_owners()
    rng = random.Random(f"{seed}-{Resource.objects.count()}")
    writer = _Writer(rng)
    now = timezone.now()
    taken_slugs = set(Resource.objects.values_list("slug", flat=True))

    resource_table = Resource._meta.db_table
    topic_table = Resource.topics.through._meta.db_table
    resource_ids = _reserve_ids(Resource, count)
    hub_item_ids = iter(_reserve_ids(HubItem, count * 2))
    topic_link_ids = iter(_reserve_ids(Resource.topics.through, count * 2))
    columns = ", ".join(RESOURCE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE kb_seed_resource (LIKE {resource_table} INCLUDING DEFAULTS) "
            "ON COMMIT DROP"
        )

    hub_items = topic_links = 0
    for batch_start in range(0, count, BATCH_SIZE):
        resource_rows, hub_rows, topic_rows = _resource_rows(
            rng, writer, resource_ids[batch_start : batch_start + BATCH_SIZE],
            hubs=hubs, topics=topics, owners=owners, now=now, taken_slugs=taken_slugs,
            hub_item_ids=hub_item_ids, topic_link_ids=topic_link_ids,
        )  # fmt: skip
        copy_rows("kb_seed_resource", RESOURCE_COLUMNS, resource_rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {resource_table} ({columns}, search_vector) "  # noqa: S608 - our tables
                f"SELECT {columns}, {_SEARCH_VECTOR_SQL} FROM kb_seed_resource",
                {"config": SEARCH_CONFIG},
            )
            cursor.execute("TRUNCATE kb_seed_resource")
        hub_items += copy_rows(
            HubItem._meta.db_table, ["id", "hub_id", "resource_id", "pinned", "pin_order"], hub_rows
        )
        topic_links += copy_rows(topic_table, ["id", "resource_id", "topic_id"], topic_rows)

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE kb_seed_resource")
        # Bulk inserts leave GIN entries in the index's pending list, which every search
        # would then scan in full; merge them into the index proper now.
        for index in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in (resource_table, HubItem._meta.db_table, topic_table):
            cursor.execute(f"ANALYZE {table}")
    tallies.catalogue_changed()
    return KnowledgeSeedResult(
        resources=count,
        published=Resource.objects.filter(
            pk__range=(resource_ids.start, resource_ids.stop - 1), status=Resource.Status.PUBLISHED
        ).count(),
        hub_items=hub_items,
        topic_links=topic_links,
        hubs_created=hubs_created,
    )
