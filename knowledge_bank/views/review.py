"""Placeholder: review board."""

from django.http import Http404
from django.urls import path


def _not_built(request, *args, **kwargs):
    raise Http404("Not built yet.")


urlpatterns = [
    path("review/", _not_built, name="review_board"),
    path("<slug:slug>/reviewed/", _not_built, name="mark_reviewed"),
]
