from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.forms.core import UserChangeForm, UserCreationForm
from members.models import AreaCommittee, Council, Position, User
from members.resources import CouncilResource


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
