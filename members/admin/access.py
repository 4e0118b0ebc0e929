"""Admin for access requests and invitations. Decisions go through the same services as
the staff pages, so the emails and invitations are the same whichever way staff work."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from members import permissions
from members.models import AccessRequest, Invitation
from members.services import access as services


class DeclineReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining (emailed to each person)",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "council", "role", "status", "created_at", "decided_by"]
    list_filter = ["status", "role", "council__district"]
    list_select_related = ["council", "decided_by"]
    search_fields = ["full_name", "email", "council__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "full_name",
        "email",
        "council",
        "role",
        "note",
        "status",
        "created_at",
        "updated_at",
        "decided_by",
        "decided_at",
        "decline_reason",
    ]
    actions = ["approve_selected", "decline_selected"]

    def has_add_permission(self, request):
        # Requests come from the public form; the office invites people from a council's page.
        return False

    def _check(self, request):
        if not permissions.can_review_access_requests(request.user):
            raise PermissionDenied

    @admin.action(description="Approve the selected requests and send invitations")
    def approve_selected(self, request, queryset):
        self._check(request)
        approved = 0
        for access_request in queryset.filter(status=AccessRequest.Status.PENDING):
            try:
                services.access_request_approve(access_request=access_request, decided_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{access_request}: {' '.join(error.messages)}", messages.ERROR)
            else:
                approved += 1
        self.message_user(request, f"{approved} request(s) approved; invitations are on their way.")

    @admin.action(description="Decline the selected requests (asks for a reason)")
    def decline_selected(self, request, queryset):
        self._check(request)
        pending = queryset.filter(status=AccessRequest.Status.PENDING)
        form = DeclineReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            declined = 0
            for access_request in pending:
                try:
                    services.access_request_decline(
                        access_request=access_request,
                        decided_by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{access_request}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    declined += 1
            self.message_user(request, f"{declined} request(s) declined; each person has been emailed.")
            return None
        return TemplateResponse(
            request,
            "members/access/admin_decline.html",
            {
                **self.admin_site.each_context(request),
                "title": "Decline access requests",
                "opts": self.model._meta,
                "form": form,
                "requests": pending,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "council",
        "role",
        "kind",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["kind", "role"]
    list_select_related = ["council", "invited_by", "accepted_by"]
    search_fields = ["email", "full_name", "council__name"]
    date_hierarchy = "created_at"
    exclude = ["token_hash"]
    readonly_fields = [
        "kind",
        "email",
        "full_name",
        "council",
        "role",
        "invited_by",
        "access_request",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        # The link's token exists only in the email the invitation service sends.
        return False

    @admin.action(description="Cancel the selected invitations")
    def revoke_selected(self, request, queryset):
        if not permissions.can_review_access_requests(request.user):
            raise PermissionDenied
        revoked = 0
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            services.invitation_revoke(invitation=invitation, revoked_by=request.user)
            revoked += 1
        self.message_user(request, f"{revoked} invitation(s) cancelled.")
