from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from kalc_portal import health
from kalc_portal.tasks import WORKER_HEARTBEAT_KEY


class HomeView(TemplateView):
    template_name = "pages/home.html"


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


@never_cache
@require_GET
def healthz(request):
    problems = {
        "database": health.database_problem(),
        "redis": health.redis_problem(),
    }
    body = {name: (problem or "ok") for name, problem in problems.items()}
    failing = [name for name, problem in problems.items() if problem]
    if not failing:
        # Informational only: a stalled worker does not make the web tier unhealthy.
        from django.core.cache import cache

        body["worker_heartbeat"] = cache.get(WORKER_HEARTBEAT_KEY)
    body["status"] = "unavailable: " + ", ".join(failing) if failing else "ok"
    return JsonResponse(body, status=503 if failing else 200)


@login_required
def bench_floor(request):
    """The benchmark's floor: same middleware and session auth, one query, a tiny template.

    Routed only when BENCH_ENDPOINTS is on (make bench), never in a normal deployment."""
    from members.models import Council

    return render(request, "bench/floor.html", {"council_count": Council.objects.filter(pk=1).count()})
