from django.apps import AppConfig

# The knowledge bank models office staff edit in the admin (members.services.office_group
# and the sync_office_groups command grant these to the "Office staff" group).
OFFICE_STAFF_MODELS = ("knowledge_bank", ["resource", "hub", "hubitem", "topic", "fileversion"])


class KnowledgeBankConfig(AppConfig):
    name = "knowledge_bank"
    verbose_name = "Knowledge bank"

    def ready(self):
        from members import permissions as member_permissions

        office_staff = member_permissions.OFFICE_GROUP_MODEL_PERMISSIONS[member_permissions.OFFICE_STAFF]
        if OFFICE_STAFF_MODELS not in office_staff:
            office_staff.append(OFFICE_STAFF_MODELS)
