"""Each feature's view module declares its own urlpatterns; they are joined here.
Fixed paths come before /knowledge/<slug>/ (models.RESERVED_RESOURCE_SLUGS)."""

from knowledge_bank.views import authoring, browse, files, review, saved, search

app_name = "knowledge_bank"

urlpatterns = [
    *search.urlpatterns,
    *saved.urlpatterns,
    *review.urlpatterns,
    *authoring.urlpatterns,
    *files.urlpatterns,
    *browse.urlpatterns,  # last: it holds the catch-all /knowledge/<slug>/
]
