from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.forms.core import UserChangeForm, UserCreationForm
from members.models import AreaCommittee, Council, Position, User
from members.resources import CouncilResource


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["user", "role", "started_on", "ended_on"]
    raw_id_fields = ["user"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "council")


@admin.register(Council)
class CouncilAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [CouncilResource]
    list_display = [
        "name",
        "kind",
        "district",
        "area_committee",
        "membership_status",
        "membership_year",
        "contact_email",
    ]
    # One area committee per district, so a district filter would list every district twice.
    list_filter = ["area_committee", "membership_status", "membership_year", "kind"]
    list_select_related = ["area_committee"]
    search_fields = ["name", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]
    list_per_page = 50
    show_full_result_count = False


@admin.register(AreaCommittee)
class AreaCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["user", "council", "role", "started_on", "ended_on"]
    list_filter = ["role", "council__district"]
    list_select_related = ["user", "council"]
    search_fields = ["user__email", "user__full_name", "council__name"]
    raw_id_fields = ["user", "council"]
    date_hierarchy = "started_on"


class PositionByUserInline(PositionInline):
    fields = ["council", "role", "started_on", "ended_on"]
    raw_id_fields = ["council"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [PositionByUserInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        (
            "Office access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
