"""Staff authoring in the office admin.

Every save goes through the knowledge bank's services: after the form and its inlines
are saved, services.resources.resource_derived_fields_refresh() renders and sanitises
the body, dates a publication, sets the review date and rebuilds the search vector, so
the admin can never leave a resource half-indexed or with unsanitised HTML. Hubs are
saved through services.resources.hub_save() (which renders the intro). Actions call
the same services as the staff pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from knowledge_bank import permissions
from knowledge_bank.models import RESERVED_RESOURCE_SLUGS, FileVersion, Hub, HubItem, Resource, Topic
from knowledge_bank.services import resources as resource_services
from knowledge_bank.services import review as review_services

MARKDOWN_PREVIEW_URL = reverse_lazy("knowledge_bank:markdown_preview")


def _markdown_textarea(rows: int) -> forms.Textarea:
    # static/js/markdown-preview.js adds a Preview button to textareas with this attribute.
    return admin.widgets.AdminTextareaWidget(
        attrs={"rows": rows, "data-markdown-preview-url": MARKDOWN_PREVIEW_URL}
    )


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "title", "slug", "kind", "summary", "body", "status", "audience", "owner",
            "published_at", "review_due", "topics", "embed_url",
        ]  # fmt: skip
        # Django's filter_horizontal and autocomplete widgets both fail axe-core (an aria-label on
        # a bare <span>; an unlabelled search box), so topics are plain, labelled checkboxes.
        widgets = {"body": _markdown_textarea(24), "topics": forms.CheckboxSelectMultiple}
        help_texts = {
            "slug": "The address: /knowledge/<slug>/. Changing it breaks links people have saved.",
            "published_at": "Left empty, it is set to now when the resource is published.",
            "review_due": "Left empty, it is set from the hubs' review interval (6 or 12 months).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            owners = (
                get_user_model()
                .objects.filter(permissions.resource_owner_filter(self.instance.owner_id))
                .order_by("full_name", "email")
            )
            self.fields["owner"].queryset = owners

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_RESOURCE_SLUGS:
            raise ValidationError(
                f"“{slug}” is the address of a knowledge bank page (/knowledge/{slug}/), "
                "so a resource cannot use it. Choose another slug.",
                code="reserved",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        # The model requires a published resource to have a date before it is first saved;
        # resource_derived_fields_refresh() would give it the same "now".
        if cleaned.get("status") == Resource.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


class HubItemInline(admin.TabularInline):
    model = HubItem
    extra = 0
    fields = ["hub", "pinned", "pin_order"]
    verbose_name = "hub"
    verbose_name_plural = "Hubs (pinned items come first on the hub page, lowest pin order first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("hub")


class FileVersionInline(admin.TabularInline):
    """Read-only history of the resource's file; uploads happen on the staff upload page."""

    model = FileVersion
    template = "admin/knowledge_bank/resource/file_versions_inline.html"
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name = "file version"
    verbose_name_plural = "File versions (newest is the one members download)"
    fields = ["number", "original_name", "size_display", "uploaded_by", "uploaded_at", "change_note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").order_by("-number")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Size")
    def size_display(self, version):
        return filesizeformat(version.size)


class ResourceChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list shows none of the long text; the hub filter's DISTINCT would compare it all.
        return super().get_queryset(request, exclude_parameters).defer("body", "body_html", "search_vector")


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    form = ResourceAdminForm
    list_display = [
        "title",
        "kind",
        "audience",
        "status",
        "owner",
        "review_due",
        "published_at",
        "download_count",
    ]
    list_filter = ["kind", "status", "audience", "hubs"]
    list_select_related = ["owner"]
    search_fields = ["title", "summary"]
    list_per_page = 50
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["download_count", "created_at", "updated_at"]
    inlines = [HubItemInline, FileVersionInline]
    actions = ["publish_selected", "archive_selected", "mark_reviewed_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        ("Who sees it and when", {"fields": ["status", "audience", "owner", "published_at", "review_due"]}),
        ("Topics", {"fields": ["topics"]}),
        ("Vlogs and podcasts", {"fields": ["embed_url"]}),
        ("Record", {"fields": ["download_count", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["js/markdown-preview.js"]

    def get_changelist(self, request, **kwargs):
        return ResourceChangeList

    def view_on_site(self, obj):
        return reverse("knowledge_bank:resource", args=[obj.slug])

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        # Through the service, which renders, reindexes and moves the catalogue version on:
        # simple_history's revert calls save_model but not save_related, so it comes here too.
        obj._history_user = request.user
        if change:
            resource_services.resource_save(resource=obj)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the hubs decide the review interval.
        resource_services.resource_derived_fields_refresh(resource=form.instance)

    def delete_model(self, request, obj):
        resource_services.resources_delete(resources=[obj])

    def delete_queryset(self, request, queryset):
        resource_services.resources_delete(resources=queryset)

    def _report(self, request, done: int, verb: str, failures: list[str]) -> None:
        self.message_user(request, f"{done} resource(s) {verb}.", messages.SUCCESS if done else messages.INFO)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description="Publish the selected resources", permissions=["change"])
    def publish_selected(self, request, queryset):
        done = 0
        for resource in queryset.exclude(status=Resource.Status.PUBLISHED):
            resource_services.resource_update(resource=resource, status=Resource.Status.PUBLISHED)
            done += 1
        self._report(request, done, "published", [])

    @admin.action(
        description="Archive the selected resources (members stop seeing them)", permissions=["change"]
    )
    def archive_selected(self, request, queryset):
        done = 0
        for resource in queryset.exclude(status=Resource.Status.ARCHIVED):
            resource_services.resource_update(resource=resource, status=Resource.Status.ARCHIVED)
            done += 1
        self._report(request, done, "archived", [])

    @admin.action(description="Mark the selected resources reviewed", permissions=["change"])
    def mark_reviewed_selected(self, request, queryset):
        done, failures = 0, []
        for resource in queryset:
            try:
                review_services.resource_mark_reviewed(resource=resource, reviewed_by=request.user)
            except ValidationError as error:
                failures.append(f"{resource}: {' '.join(error.messages)}")
            else:
                done += 1
        self._report(request, done, "marked reviewed", failures)


class HubAdminForm(forms.ModelForm):
    class Meta:
        model = Hub
        fields = ["name", "slug", "intro", "review_interval_months", "position"]
        widgets = {"intro": _markdown_textarea(10)}


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    form = HubAdminForm
    list_display = ["name", "slug", "review_interval_months", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "intro", "review_interval_months", "position"]

    class Media:
        js = ["js/markdown-preview.js"]

    def view_on_site(self, obj):
        return reverse("knowledge_bank:hub", args=[obj.slug])

    def get_readonly_fields(self, request, obj=None):
        # A hub's address is printed in newsletters and on posters: it does not change.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        hub = resource_services.hub_save(
            name=obj.name,
            slug=obj.slug,
            intro=obj.intro,
            review_interval_months=obj.review_interval_months,
            position=obj.position,
        )
        obj.pk, obj.intro_html = hub.pk, hub.intro_html

    def delete_model(self, request, obj):
        resource_services.hubs_delete(hubs=[obj])

    def delete_queryset(self, request, queryset):
        resource_services.hubs_delete(hubs=queryset)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    # Through the services, which tell the cached lists (resource pages, search) to refresh.
    def save_model(self, request, obj, form, change):
        resource_services.topic_save(topic=obj)

    def delete_model(self, request, obj):
        resource_services.topics_delete(topics=[obj])

    def delete_queryset(self, request, queryset):
        resource_services.topics_delete(topics=queryset)
