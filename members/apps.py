import datetime

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone

# The members' models each office group edits in the admin (members.services.office_group
# and the sync_office_groups command grant them).
OFFICE_STAFF_MODELS = (
    "council",
    "areacommittee",
    "position",
    "user",
    "accessrequest",
    "invitation",
    "partnercategory",
    "partner",
    "keycontact",
    "feedback",
    "accountdeletionrequest",
)
MEDIATION_OFFICER_MODELS = ("mediationcase", "mediationstatuschange")
# The email outbox's delivery record and its retry action. kalc_portal imports no app,
# so the outbox cannot register itself; members, which imports kalc_portal, does it.
OUTBOX_OFFICE_STAFF_MODELS = ("outgoingmail",)


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from members import permissions
        from members.panels import CouncilPanel, register_council_panel

        permissions.register_office_group_permissions(
            permissions.OFFICE_STAFF, "members", OFFICE_STAFF_MODELS
        )
        permissions.register_office_group_permissions(
            permissions.MEDIATION_OFFICER, "members", MEDIATION_OFFICER_MODELS
        )
        permissions.register_office_group_permissions(
            permissions.OFFICE_STAFF, "outbox", OUTBOX_OFFICE_STAFF_MODELS
        )
        post_migrate.connect(_site_from_settings, sender=self)
        _register_office_work(permissions)

        register_council_panel(
            CouncilPanel(
                key="members_recently_left",
                title="Left in the last year",
                template="members/panels/recently_left.html",
                context=_recently_left_context,
                order=90,
            )
        )


def _register_office_work(permissions) -> None:
    from members.office_work import OfficeWork, register_office_work
    from members.selectors import office

    for work in (
        OfficeWork(
            key="access_requests",
            label="Access requests waiting",
            url_name="members:access_queue",
            count=office.access_requests_waiting,
            visible_to=permissions.can_review_access_requests,
            order=10,
        ),
        OfficeWork(
            key="feedback",
            label="Questions and feedback not yet answered",
            url_name="members:feedback_queue",
            count=office.feedback_unanswered,
            visible_to=permissions.can_answer_feedback,
            order=20,
        ),
        OfficeWork(
            key="account_deletion",
            label="Account deletion requests waiting",
            url_name="members:deletion_queue",
            count=office.deletion_requests_waiting,
            visible_to=permissions.can_confirm_account_deletion,
            order=30,
        ),
        OfficeWork(
            key="mediation",
            label="Mediation cases open",
            url_name="members:mediation_case_list",
            count=office.mediation_cases_open,
            visible_to=permissions.can_manage_mediation_cases,
            order=50,
        ),
    ):
        register_office_work(work)


def _site_from_settings(sender, using, **kwargs):
    # After migrate, and after every flush (which empties django_site and lets the sites
    # app put "example.com" back): the site's name is the association's, everywhere.
    from members.services.core import site_update_from_settings

    site_update_from_settings(using=using)


def _recently_left_context(request, council) -> dict:
    # Ended positions drop out of the people table, but the clerk still needs to see who
    # left recently (records to update, keys to collect), so they stay here for a year.
    # Imported here: models cannot load before the app registry is ready.
    from members.selectors.directory import council_recent_departures

    since = timezone.localdate() - datetime.timedelta(days=365)
    return {"departures": list(council_recent_departures(council, since=since))}
