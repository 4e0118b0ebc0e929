from django.contrib.admin.apps import AdminConfig


class KalcAdminConfig(AdminConfig):
    default_site = "kalc_portal.admin_site.KalcAdminSite"
