from django.apps import AppConfig

# The training models office staff and the Training officer group run in the admin.
TRAINING_MODELS = ("event", "eventsession", "booking", "bookingplace", "waitinglistentry")


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and networking"

    def ready(self):
        from members import permissions as member_permissions
        from members.my_kalc import MyKalcSection, register_my_kalc_section
        from members.panels import CouncilPanel, register_council_panel
        from training import panels

        for group in (member_permissions.OFFICE_STAFF, member_permissions.TRAINING_OFFICER):
            member_permissions.register_office_group_permissions(group, "training", TRAINING_MODELS)
        register_council_panel(
            CouncilPanel(
                key="training",
                title="Training",
                template="training/panels/council_training.html",
                context=panels.council_training_context,
                visible_to=panels.council_training_visible,
                order=30,
            )
        )
        register_my_kalc_section(
            MyKalcSection(
                key="training_places",
                template="training/my_kalc/places.html",
                context=panels.my_kalc_context,
                order=10,
            )
        )
