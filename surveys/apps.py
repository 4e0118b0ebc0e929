from django.apps import AppConfig

# The survey models office staff build and run in the admin.
SURVEY_MODELS = ("survey", "section", "question", "choice", "statement", "response", "answer", "sectionedit")


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Member surveys"

    def ready(self):
        from members import permissions as member_permissions

        member_permissions.register_office_group_permissions(
            member_permissions.OFFICE_STAFF, "surveys", SURVEY_MODELS
        )
