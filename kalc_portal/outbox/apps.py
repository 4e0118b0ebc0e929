from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kalc_portal.outbox"
    label = "outbox"
    verbose_name = "Email outbox"
