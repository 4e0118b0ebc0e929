from django.apps import AppConfig

# The training models office staff and the Training officer group run in the admin.
TRAINING_MODELS = ("event", "eventsession", "booking", "bookingplace", "waitinglistentry")


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and networking"

    def ready(self):
        from members import permissions as member_permissions

        for group in (member_permissions.OFFICE_STAFF, member_permissions.TRAINING_OFFICER):
            member_permissions.register_office_group_permissions(group, "training", TRAINING_MODELS)
