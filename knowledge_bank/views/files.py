"""Placeholder: downloads and versions."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("<slug:slug>/download/", _not_built, name="download"),
    path("<slug:slug>/versions/<int:number>/download/", _not_built, name="download_version"),
    path("<slug:slug>/upload/", _not_built, name="upload_version"),
]
