"""Search and the public feeds. Thin: form and filters -> selector -> render.

Search is open to everyone: what it finds depends on who is asking (the public
sees public items; members, clerks and staff see more), never on the address."""

from django.shortcuts import render
from django.urls import path

from knowledge_bank.feeds import PublicResourcesAtomFeed, PublicResourcesFeed
from knowledge_bank.filters import ResourceFilter
from knowledge_bank.forms.search import SearchForm
from knowledge_bank.selectors.hubs import hub_and_topic_lists
from knowledge_bank.selectors.search import search_resources, tallied_browse_total


def search(request):
    hubs, topics = hub_and_topic_lists()
    form = SearchForm(request.GET)
    filters = ResourceFilter(request.GET, hubs=hubs, topics=topics)
    form_ok, filters_ok = form.is_valid(), filters.is_valid()
    results = None
    if form_ok and filters_ok:
        chosen = filters.form.cleaned_data
        browse_total = None
        if not form.cleaned_data["q"]:
            browse_total = tallied_browse_total(
                request.user,
                hub=filters.selected_hub,
                kind=chosen.get("kind") or "",
                topic=chosen.get("topic") or "",
            )
        results = search_resources(
            request.user,
            query=form.cleaned_data["q"],
            narrow=filters.filter_queryset,
            page=request.GET.get("page", 1),
            hubs_by_id={hub.pk: hub for hub in hubs},
            browse_total=browse_total,
        )
    return render(
        request,
        "knowledge_bank/search.html",
        {
            "form": form,
            "filters": filters,
            "filter_form": filters.form,
            "results": results,
            "hubs": hubs,  # offered when a search finds nothing
            "query": form.cleaned_data.get("q", "") if form_ok else "",
            "has_input": any(request.GET.get(name) for name in ("q", "hub", "kind", "topic")),
        },
    )


urlpatterns = [
    path("search/", search, name="search"),
    path("feed/", PublicResourcesFeed(), name="feed"),
    path("feed/atom/", PublicResourcesAtomFeed(), name="feed_atom"),
]
