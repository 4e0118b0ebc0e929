"""Admin for the partners directory and key contacts: office staff keep them here."""

from django.contrib import admin

from members.models import KeyContact, Partner, PartnerCategory


@admin.register(PartnerCategory)
class PartnerCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "is_active", "offer_ends_on", "contact_email", "updated_at"]
    list_filter = ["is_active", "category"]
    list_select_related = ["category"]
    search_fields = ["name", "description", "member_offer", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "offer_ends_on"
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "is_active"]}),
        ("Contact", {"fields": ["website", "contact_email", "contact_phone"]}),
        ("Member offer", {"fields": ["member_offer", "offer_ends_on"]}),
    ]


@admin.register(KeyContact)
class KeyContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role_title", "kind", "area_committee", "email", "order", "is_active"]
    list_filter = ["kind", "is_active", "area_committee"]
    list_select_related = ["area_committee"]
    search_fields = ["name", "role_title", "email"]
    list_editable = ["order", "is_active"]
