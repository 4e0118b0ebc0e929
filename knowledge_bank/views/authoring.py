"""Placeholder: Markdown preview for staff."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("preview/", _not_built, name="markdown_preview"),
]
