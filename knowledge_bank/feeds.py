"""RSS 2.0 and Atom feeds of the newest public resources (django.contrib.syndication).

Only what anyone may read: published and public. Members', clerks', staff-only items
and drafts never appear, whoever fetches the feed (feed readers fetch anonymously,
and a signed-in person's cookie must not widen a feed that others may be sharing)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from knowledge_bank.models import Resource
from knowledge_bank.selectors.tallies import TALLIES_SECONDS, catalogue_version
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

    def __call__(self, request, *args, **kwargs):
        # The same for every reader until the catalogue changes (feed readers poll it), so
        # the document is written once per catalogue version and site address, and served
        # from the cache until a write moves the version on.
        key = f"knowledge:feed:{type(self).__name__}:{catalogue_version()}:{request.scheme}://{request.get_host()}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type, last_modified = cached
            response = HttpResponse(content, content_type=content_type)
            if last_modified:
                response["Last-Modified"] = last_modified
            return response
        response = super().__call__(request, *args, **kwargs)
        cache.set(
            key, (response.content, response["Content-Type"], response.get("Last-Modified")), TALLIES_SECONDS
        )
        return response

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
