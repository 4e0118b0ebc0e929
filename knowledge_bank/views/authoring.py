"""The Markdown preview staff use while writing in the admin: the textarea's text is
POSTed (with the CSRF token) and the sanitised HTML fragment comes back, exactly as
the resource page will show it. static/js/markdown-preview.js calls it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kalc_portal.text import MARKDOWN_TEXT
from knowledge_bank import permissions
from knowledge_bank.rendering import render_markdown

# The longest body a resource may have (far above any real guide); stops the endpoint
# being used to burn CPU.
MAX_PREVIEW_CHARS = MARKDOWN_TEXT


@never_cache
@login_required
@require_POST
def markdown_preview(request):
    if not permissions.can_preview_markdown(request.user):
        raise Http404("No such page.")
    markdown = request.POST.get("markdown", "")
    if len(markdown) > MAX_PREVIEW_CHARS:
        return HttpResponse(
            f"<p>The text is too long to preview (over {MAX_PREVIEW_CHARS:,} characters).</p>",
            status=400,
            content_type="text/html; charset=utf-8",
        )
    return HttpResponse(render_markdown(markdown), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("preview/", markdown_preview, name="markdown_preview"),
]
