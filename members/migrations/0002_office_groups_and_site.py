"""KALC office roles are Django groups; the Site record carries the association's name."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_GROUPS = ["Office staff", "Training officer", "Forum moderator", "Mediation officer"]
# Office staff keep the members' records; the other groups get their apps'
# permissions from those apps' own migrations.
OFFICE_STAFF_MODELS = ["council", "areacommittee", "position", "user"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in OFFICE_GROUPS:
        Group.objects.get_or_create(name=name)
    office = Group.objects.get(name="Office staff")
    office.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members", content_type__model__in=OFFICE_STAFF_MODELS
        )
    )

    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.ASSOCIATION_NAME}
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=OFFICE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sites", "0002_alter_domain_unique"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
