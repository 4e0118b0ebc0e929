from django.apps import AppConfig

# The knowledge bank models office staff edit in the admin (members.services.office_group
# and the sync_office_groups command grant these to the "Office staff" group).
OFFICE_STAFF_MODELS = ("resource", "hub", "hubitem", "topic", "fileversion")


class KnowledgeBankConfig(AppConfig):
    name = "knowledge_bank"
    verbose_name = "Knowledge bank"

    def ready(self):
        from kalc_portal.documents import register_document_publisher
        from knowledge_bank import permissions
        from knowledge_bank.services.published import published_document_save
        from members import permissions as member_permissions
        from members.office_work import OfficeWork, register_office_work

        member_permissions.register_office_group_permissions(
            member_permissions.OFFICE_STAFF, "knowledge_bank", OFFICE_STAFF_MODELS
        )
        register_office_work(
            OfficeWork(
                key="knowledge_review_due",
                label="Knowledge bank resources due for review",
                url_name="knowledge_bank:review_board",
                count=_review_due_count,
                visible_to=permissions.can_view_review_board,
                order=40,
            )
        )
        register_document_publisher(published_document_save)


def _review_due_count() -> tuple[int, bool]:
    # The review board's own count (its default window), so the two never disagree.
    from django.utils import timezone

    from knowledge_bank.selectors.review import review_board_total

    return review_board_total(today=timezone.localdate())
