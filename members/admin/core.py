from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members import permissions
from members.forms.core import UserChangeForm, UserCreationForm
from members.models import AreaCommittee, Council, Position, User
from members.resources import CouncilResource
from members.services import core as core_services
from members.services import council_manage as council_manage_services


class LargeTablePaginator(Paginator):
    """Counts a change list exactly, except the unfiltered list of a table past ESTIMATE_FROM rows.

    That count is COUNT(*) over the whole table on every page view: a full read at
    national scale. PostgreSQL keeps its own row count (pg_class.reltuples, exact as of
    the last ANALYZE, which autovacuum and seed_scale run); the list shows it as
    "about N" (templates/admin/members/pagination.html). Filtered and searched lists
    are counted exactly."""

    ESTIMATE_FROM = 10_000
    count_is_estimated = False

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        unfiltered = query is not None and not query.where and not query.distinct and not query.combinator
        if unfiltered:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate >= self.ESTIMATE_FROM:
                self.count_is_estimated = True
                return estimate
        return super().count


class IndexedValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """Lists a column's distinct values (and "empty" if any row has none), as
    AllValuesFieldListFilter does, but walks the column's b-tree index one value at a
    time instead of SELECT DISTINCT over every row: a few index probes for a handful
    of values (membership years), however many rows there are. The column needs an index."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        table, column = (connection.ops.quote_name(name) for name in (model._meta.db_table, field.column))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE found (value) AS (
                    (SELECT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} LIMIT 1)
                    UNION ALL
                    SELECT (
                        SELECT {column} FROM {table} WHERE {column} > found.value ORDER BY {column} LIMIT 1
                    )
                    FROM found WHERE found.value IS NOT NULL
                )
                SELECT value FROM found WHERE value IS NOT NULL
                UNION ALL
                SELECT NULL WHERE EXISTS (SELECT 1 FROM {table} WHERE {column} IS NULL)
                """  # noqa: S608 - table and column are the model's own, quoted
            )
            self.lookup_choices = [value for (value,) in cursor.fetchall()]


class PositionInline(admin.TabularInline):
    """Positions to read; they start and end on the position's own page (PositionAdmin),
    through the services' rules, and are never deleted."""

    model = Position
    extra = 0
    fields = ["user", "role", "started_on", "ended_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "council")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoRevertHistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to revert: a revert saves the old row directly, past the
    services' rules (positions would start again or end in the future)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Reverting is switched off here; make the change on the record itself.")
        return super().history_form_view(request, object_id, version_id, extra_context)


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
    list_filter = [
        "area_committee",
        "membership_status",
        ("membership_year", IndexedValuesFieldListFilter),
        "kind",
    ]
    list_select_related = ["area_committee"]
    search_fields = ["name", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]
    list_per_page = 50
    show_full_result_count = False
    paginator = LargeTablePaginator

    # Through the service (the same rules as the clerk's page); a revert from the history
    # comes here too, and the directory's version moves on with any write (its trigger).
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        saved = council_manage_services.council_save(council=obj)
        obj.pk = saved.pk


@admin.register(AreaCommittee)
class AreaCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}


class PositionAdminForm(forms.ModelForm):
    """Starting and ending a position follow the services' rules, with their messages on the form."""

    class Meta:
        model = Position
        fields = ["user", "council", "role", "started_on", "ended_on"]

    def clean(self):
        cleaned = super().clean()
        ended_on = cleaned.get("ended_on")
        if self.instance.pk is not None and ended_on is not None and self.instance.is_current:
            try:
                council_manage_services.position_end_check(position=self.instance, ended_on=ended_on)
            except ValidationError as error:
                self.add_error(None, error)
        elif self.instance.pk is None and ended_on is not None:
            self.add_error("ended_on", "Start the position first, then end it on its page.")
        return cleaned


@admin.register(Position)
class PositionAdmin(NoRevertHistoryAdmin):
    form = PositionAdminForm
    list_display = ["user", "council", "role", "started_on", "ended_on"]
    list_filter = ["role", "council__district"]
    list_select_related = ["user", "council"]
    search_fields = ["user__email", "user__full_name", "council__name"]
    raw_id_fields = ["user", "council"]
    date_hierarchy = "started_on"

    def get_readonly_fields(self, request, obj=None):
        # A position is history: who, where, what and since when never change once started,
        # and an ended position does not change at all. Only a current one can be ended.
        if obj is None:
            return []
        if obj.is_current:
            return ["user", "council", "role", "started_on"]
        return ["user", "council", "role", "started_on", "ended_on"]

    def has_delete_permission(self, request, obj=None):
        return False  # positions are never deleted (README)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            started = core_services.position_start(
                user=obj.user, council=obj.council, role=obj.role, started_on=obj.started_on
            )
            obj.pk = started.pk
        elif "ended_on" in form.changed_data and obj.ended_on is not None:
            council_manage_services.council_position_end(
                position=obj, ended_on=obj.ended_on, ended_by=request.user
            )


class PositionByUserInline(PositionInline):
    fields = ["council", "role", "started_on", "ended_on"]
    raw_id_fields = ["council"]


OFFICE_ACCESS_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People. Office access (is_staff, is_superuser, groups, user permissions) and
    passwords are a superuser's to set, never on their own account
    (permissions.can_change_office_access, can_set_password_for); other staff see them
    read-only, and the fields are not in their form at all, so a forged POST changes nothing."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [PositionByUserInline]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name"],
                "description": "The person sets their own password through “Forgotten your password?” "
                "on the sign-in page. To give someone a position, invite them from the council's page.",
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        account = ["email", "password"] if permissions.can_set_password_for(request.user, obj) else ["email"]
        return [
            (None, {"fields": account}),
            ("Personal details", {"fields": ["full_name"]}),
            ("Office access", {"fields": ["is_active", *OFFICE_ACCESS_FIELDS]}),
            ("Dates", {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or permissions.can_change_office_access(request.user, obj):
            return []
        return OFFICE_ACCESS_FIELDS

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Office staff is the "Staff status" tick; its group follows it (user_set_office_staff).
            kwargs["queryset"] = Group.objects.exclude(name=permissions.OFFICE_STAFF).order_by("name")
            kwargs["help_text"] = "Office roles. Office staff is the staff status above."
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        person = self.get_object(request, unquote(id))
        if person is None or not permissions.can_set_password_for(request.user, person):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and permissions.can_change_office_access(request.user, form.instance):
            # The Office staff group is not on the form: it follows is_staff.
            core_services.user_set_office_staff(user=form.instance, is_staff=form.instance.is_staff)
