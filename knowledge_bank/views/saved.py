"""Placeholder: saved items."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("saved/", _not_built, name="saved"),
    path("<slug:slug>/save/", _not_built, name="save"),
    path("<slug:slug>/unsave/", _not_built, name="unsave"),
]
