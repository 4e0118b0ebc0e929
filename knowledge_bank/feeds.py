"""RSS 2.0 and Atom feeds of the newest public resources (django.contrib.syndication).

Only what anyone may read: published and public. Members', clerks', staff-only items
and drafts never appear, whoever fetches the feed (feed readers fetch anonymously,
and a signed-in person's cookie must not widen a feed that others may be sharing)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from knowledge_bank.models import Resource
from knowledge_bank.selectors.visibility import listable_resources

FEED_SIZE = 30


def public_feed_resources():
    """The newest published public resources, with their hubs (two queries)."""
    return list(
        listable_resources(AnonymousUser())
        .filter(audience=Resource.Audience.PUBLIC)
        .order_by("-published_at", "-pk")
        .only("title", "slug", "kind", "summary", "published_at", "updated_at")
        .prefetch_related("hubs")[:FEED_SIZE]
    )


class PublicResourcesFeed(Feed):
    link = reverse_lazy("knowledge_bank:home")
    feed_url = reverse_lazy("knowledge_bank:feed")

    def title(self):
        return f"{settings.ASSOCIATION_SHORT_NAME} knowledge bank: new public resources"

    def description(self):
        return (
            f"Guides, toolkits, templates, legal notes and stories for parish and town councils, "
            f"newest first, from the {settings.ASSOCIATION_NAME}."
        )

    def items(self):
        return public_feed_resources()

    def item_title(self, item: Resource) -> str:
        return item.title

    def item_description(self, item: Resource) -> str:
        # Feed readers treat descriptions as HTML; a summary is plain text.
        return escape(item.summary)

    def item_link(self, item: Resource) -> str:
        return reverse("knowledge_bank:resource", args=[item.slug])

    def item_pubdate(self, item: Resource):
        return item.published_at

    def item_updateddate(self, item: Resource):
        return item.updated_at

    def item_categories(self, item: Resource) -> list[str]:
        return [item.get_kind_display(), *(hub.name for hub in item.hubs.all())]


class PublicResourcesAtomFeed(PublicResourcesFeed):
    feed_type = Atom1Feed
    feed_url = reverse_lazy("knowledge_bank:feed_atom")

    def subtitle(self):
        return self.description()
