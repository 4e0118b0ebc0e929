from django.apps import AppConfig

# The survey models office staff build and run in the admin.
SURVEY_MODELS = (
    "survey", "section", "question", "choice", "statement", "response", "answer", "sectionedit",
    "surveynotice",
)  # fmt: skip


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Member surveys"

    def ready(self):
        from members import permissions as member_permissions
        from members.my_kalc import MyKalcSection, register_my_kalc_section
        from members.panels import CouncilPanel, register_council_panel
        from surveys import permissions

        member_permissions.register_office_group_permissions(
            member_permissions.OFFICE_STAFF, "surveys", SURVEY_MODELS
        )
        register_council_panel(
            CouncilPanel(
                key="surveys",
                title="Member survey",
                template="surveys/panels/council_survey.html",
                context=_council_panel_context,
                order=40,
                visible_to=permissions.can_see_council_survey_panel,
            )
        )
        register_my_kalc_section(
            MyKalcSection(
                key="surveys_waiting",
                template="surveys/my_kalc/waiting.html",
                context=_my_kalc_context,
                order=20,
            )
        )


def _council_panel_context(request, council) -> dict:
    from surveys.selectors import council_survey_lines

    return {"lines": council_survey_lines(council)}


def _my_kalc_context(request) -> dict | None:
    # Only surveys still to submit: a submitted response needs nothing more from them.
    from surveys import permissions
    from surveys.selectors import surveys_waiting

    lines = [
        line
        for line in surveys_waiting(permissions.answering_councils(request.user))
        if line.response is None or not line.response.is_submitted
    ]
    return {"lines": lines} if lines else None
