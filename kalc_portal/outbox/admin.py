from django.contrib import admin, messages

from kalc_portal.outbox.models import OutgoingMail
from kalc_portal.outbox.services import mail_retry


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The delivery record. Bodies are not shown: allauth's emails carry sign-in and
    password-reset links that are for the recipient's eyes only."""

    list_display = ("created_at", "to", "purpose", "subject", "status", "attempts", "last_error", "sent_at")
    list_filter = ("status", "purpose")
    search_fields = ("to", "object_key", "subject")
    date_hierarchy = "created_at"
    list_select_related = ()
    actions = ["retry_selected"]
    fields = (
        "to",
        "user",
        "purpose",
        "object_key",
        "subject",
        "from_email",
        "message_id",
        "status",
        "attempts",
        "last_error",
        "due_at",
        "created_at",
        "updated_at",
        "sent_at",
        "body_cleared_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A row is only ever changed by the outbox's services (the retry action asks
        # with obj=None); its page is for reading.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        # The row is the record that an email went (or did not): it is not deleted by hand.
        return False

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def retry_selected(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        count = mail_retry(outgoing_mail_ids=selected)
        skipped = len(selected) - count
        self.message_user(request, f"{count} email(s) queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected email(s) had not failed and were left as they are.",
                messages.WARNING,
            )
