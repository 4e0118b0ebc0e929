from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kalc_portal import views
from members.views import staff_mfa

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    # Before allauth's own: activating an authenticator app also records its use (staff powers).
    path("accounts/2fa/totp/activate/", staff_mfa.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/totp/deactivate/", staff_mfa.deactivate_totp, name="mfa_deactivate_totp"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("knowledge/", include("knowledge_bank.urls")),
    path("training/", include("training.urls")),
    path("surveys/", include("surveys.urls")),
    path("", include("members.urls")),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))
