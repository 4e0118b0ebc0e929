import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kalc_portal.settings.local")

app = Celery("kalc_portal", include=["kalc_portal.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
