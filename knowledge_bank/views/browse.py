"""Placeholder: knowledge home, what's new, hub pages, resource page."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("", _not_built, name="home"),
    path("new/", _not_built, name="whats_new"),
    path("hubs/<slug:slug>/", _not_built, name="hub"),
    path("<slug:slug>/", _not_built, name="resource"),
]
