from django.apps import AppConfig

# The knowledge bank models office staff edit in the admin (members.services.office_group
# and the sync_office_groups command grant these to the "Office staff" group).
OFFICE_STAFF_MODELS = ("resource", "hub", "hubitem", "topic", "fileversion")


class KnowledgeBankConfig(AppConfig):
    name = "knowledge_bank"
    verbose_name = "Knowledge bank"

    def ready(self):
        from members import permissions as member_permissions

        member_permissions.register_office_group_permissions(
            member_permissions.OFFICE_STAFF, "knowledge_bank", OFFICE_STAFF_MODELS
        )
