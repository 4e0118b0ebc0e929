"""Placeholder: search, feeds."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("search/", _not_built, name="search"),
    path("feed/", _not_built, name="feed"),
    path("feed/atom/", _not_built, name="feed_atom"),
]
