"""Admin for mediation cases: confidential, so only mediation officers and superusers
see them, whatever model permissions someone else has been given. Status changes
happen on the site (they email the requester), so the trail is read-only here."""

from django.contrib import admin

from members import permissions
from members.models import MediationCase, MediationStatusChange


class MediationOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return permissions.can_manage_mediation_cases(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_mediation_cases(request.user) and super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_mediation_cases(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_mediation_cases(request.user) and super().has_delete_permission(
            request, obj
        )

    def has_add_permission(self, request, *args):
        return False


class MediationStatusChangeInline(admin.TabularInline):
    model = MediationStatusChange
    extra = 0
    can_delete = False
    fields = ["status", "note", "changed_by", "changed_at", "requester_notified_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(MediationCase)
class MediationCaseAdmin(MediationOnlyAdmin):
    list_display = ["__str__", "council", "requested_by", "status", "assigned_officer", "created_at"]
    list_filter = ["status", "council__area_committee"]
    list_select_related = ["council", "requested_by", "assigned_officer"]
    search_fields = ["council__name", "requested_by__email", "requested_by__full_name", "summary"]
    date_hierarchy = "created_at"
    readonly_fields = ["council", "requested_by", "status", "created_at", "updated_at"]
    raw_id_fields = ["assigned_officer"]
    filter_horizontal = ["named_people"]
    inlines = [MediationStatusChangeInline]


@admin.register(MediationStatusChange)
class MediationStatusChangeAdmin(MediationOnlyAdmin):
    list_display = ["case", "status", "changed_by", "changed_at", "requester_notified_at"]
    list_filter = ["status"]
    list_select_related = ["case", "case__council", "changed_by"]
    readonly_fields = ["case", "status", "note", "changed_by", "changed_at", "requester_notified_at"]

    def has_change_permission(self, request, obj=None):
        return False
