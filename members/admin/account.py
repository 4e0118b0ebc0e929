"""Admin for account deletion requests. Decisions go through the same services as the
office's queue; requests are never edited or deleted by hand (they are the record)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from members import permissions
from members.models import AccountDeletionRequest
from members.services import account as account_services


@admin.register(AccountDeletionRequest)
class AccountDeletionRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__email", "user__full_name"]
    date_hierarchy = "requested_at"
    fields = ["user", "reason", "status", "requested_at", "decided_by", "decided_at"]
    readonly_fields = fields
    actions = ["confirm_deletion"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description="Confirm deletion: anonymise the selected people's accounts", permissions=["change"]
    )
    def confirm_deletion(self, request, queryset):
        if not permissions.can_confirm_account_deletion(request.user):
            raise PermissionDenied
        confirmed, skipped = 0, 0
        for deletion_request in queryset.select_related("user"):
            try:
                account_services.account_deletion_request_confirm(
                    deletion_request=deletion_request, decided_by=request.user
                )
            except ValidationError:
                skipped += 1
            else:
                confirmed += 1
        if confirmed:
            self.message_user(request, f"{confirmed} account(s) anonymised; each person has been emailed.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} request(s) skipped: they were not waiting for a decision.",
                messages.WARNING,
            )
