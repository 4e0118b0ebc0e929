"""Admin for feedback: a read-mostly view for office staff. Answering happens on the
site's feedback queue, which emails the author; here the answer cannot be changed
silently."""

from django.contrib import admin

from members.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["subject", "author", "area_committee", "status", "created_at", "answered_at"]
    list_filter = ["status", "area_committee"]
    list_select_related = ["author", "area_committee"]
    search_fields = ["subject", "message", "author__email", "author__full_name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "author",
        "subject",
        "message",
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "created_at",
    ]
    fields = [
        "author",
        "area_committee",
        "subject",
        "message",
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
