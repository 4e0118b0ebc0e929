import datetime

from django.apps import AppConfig
from django.utils import timezone


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from members.panels import CouncilPanel, register_council_panel

        register_council_panel(
            CouncilPanel(
                key="members_recently_left",
                title="Left in the last year",
                template="members/panels/recently_left.html",
                context=_recently_left_context,
                order=90,
            )
        )


def _recently_left_context(request, council) -> dict:
    # Ended positions drop out of the people table, but the clerk still needs to see who
    # left recently (records to update, keys to collect), so they stay here for a year.
    # Imported here: models cannot load before the app registry is ready.
    from members.selectors.directory import council_recent_departures

    since = timezone.localdate() - datetime.timedelta(days=365)
    return {"departures": list(council_recent_departures(council, since=since))}
