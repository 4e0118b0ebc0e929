"""The knowledge home, What's new, hub pages and the resource page. Thin: permission ->
selector -> render. Anything a person may not see is "not found"; a signed-out visitor
following a members' link is asked to sign in first."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csp import csp_override

from knowledge_bank import permissions, rendering
from knowledge_bank.models import Resource
from knowledge_bank.selectors import files as file_selectors
from knowledge_bank.selectors import hubs as hub_selectors
from knowledge_bank.selectors import resource_page as page_selectors
from knowledge_bank.selectors import saved as saved_selectors

WHATS_NEW_PAGE_SIZE = 20
RELATED_LIMIT = 5

# The site's policy plus the video hosts' player origins, for pages that embed a player.
_SITE_FRAME_SOURCES = settings.SECURE_CSP.get("frame-src", [])
EMBED_PLAYER_CSP = {
    **settings.SECURE_CSP,
    "frame-src": list(dict.fromkeys([*_SITE_FRAME_SOURCES, *rendering.EMBED_FRAME_ORIGINS])),
}
KIND_CHOICES = Resource.Kind.choices


def home(request):
    user = request.user
    return render(
        request,
        "knowledge_bank/home.html",
        {
            "hubs": hub_selectors.hubs_with_counts(user),
            "latest": list(hub_selectors.whats_new(user)[: hub_selectors.WHATS_NEW_ON_HOME]),
            "can_save": permissions.can_save_items(user),
        },
    )


def whats_new(request):
    kind = request.GET.get("kind", "")
    if kind not in Resource.Kind.values:
        kind = ""
    page = hub_selectors.whats_new_page(
        request.user, kind=kind, page=request.GET.get("page"), per_page=WHATS_NEW_PAGE_SIZE
    )
    return render(
        request,
        "knowledge_bank/whats_new.html",
        {"page": page, "kind": kind, "kind_label": dict(KIND_CHOICES).get(kind, ""), "kinds": KIND_CHOICES},
    )


def hub_detail(request, slug):
    hub = hub_selectors.hub_by_slug(slug)
    if hub is None:
        raise Http404("No such hub.")
    user = request.user
    return render(
        request,
        "knowledge_bank/hub_detail.html",
        {
            "hub": hub,
            "sections": hub_selectors.hub_sections(user, hub),
        },
    )


def resource_detail(request, slug):
    user = request.user
    resource = page_selectors.resource_for_reader(user, slug)
    if resource is None:
        if not user.is_authenticated and page_selectors.needs_sign_in(slug):
            return redirect_to_login(request.get_full_path())
        raise Http404("No such resource.")
    lists = page_selectors.resource_page_lists(user, resource, related_limit=RELATED_LIMIT)
    can_save = permissions.can_save_items(user) and resource.status == Resource.Status.PUBLISHED
    player_url = rendering.embed_player_url(resource.embed_url)
    context = {
        **file_selectors.resource_file_panel(user, resource),
        "resource": resource,
        "hubs": lists.hubs,
        "topics": lists.topics,
        "related": lists.related,
        "player_url": player_url,
        "can_author": permissions.can_author(user),
        "can_save": can_save,
        "is_saved": can_save and saved_selectors.is_saved(user, resource),
    }
    if player_url:
        return _render_with_player(request, context)
    return render(request, "knowledge_bank/resource_detail.html", context)


@csp_override(EMBED_PLAYER_CSP)
def _render_with_player(request, context):
    # Only a page that shows a player lets the video host's frame load.
    return render(request, "knowledge_bank/resource_detail.html", context)


urlpatterns = [
    path("", home, name="home"),
    path("new/", whats_new, name="whats_new"),
    path("hubs/<slug:slug>/", hub_detail, name="hub"),
    path("<slug:slug>/", resource_detail, name="resource"),
]
