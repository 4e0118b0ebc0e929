"""Training in the office admin (office staff; the Training officer group works on the
staff pages under /training/staff/ without the admin).

Events and their sessions are edited here; after the form and its inlines are saved,
services.events.event_derived_fields_refresh() renders the description and dates the
event from its sessions. Bookings are made on the site (audience and capacity rules
live in services.bookings); here the office reads them and cancels places through the
same service, which offers the freed places to the waiting list."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from training.models import Booking, BookingPlace, Event, EventSession, WaitingListEntry
from training.services import bookings as booking_services
from training.services import events as event_services


class EventSessionInline(admin.StackedInline):
    model = EventSession
    extra = 0
    min_num = 1
    fields = ["title", ("starts_at", "ends_at"), "venue_name", "venue_address", "online_url"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "starts_at", "capacity", "status"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title", "provider"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [EventSessionInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "audience", "status", "provider", "summary", "description"]},
        ),
        (
            "Booking",
            {"fields": ["capacity", ("booking_opens_at", "booking_closes_at"), "cancellation_deadline"]},
        ),
        ("Price and CPD", {"fields": [("member_price", "non_member_price"), "cpd_hours"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event_services.event_derived_fields_refresh(event=form.instance)


class BookingPlaceInline(admin.TabularInline):
    model = BookingPlace
    extra = 0
    can_delete = False
    fields = ["name", "email", "user", "status", "cancelled_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "event",
        "council",
        "booked_by",
        "price_per_place",
        "invoice_reference",
        "created_at",
    ]
    list_filter = ["event__kind"]
    search_fields = ["invoice_reference", "event__title", "council__name", "booked_by__email"]
    list_select_related = ["event", "council", "booked_by"]
    readonly_fields = [
        "event", "council", "booked_by", "price_per_place", "member_price_applied", "invoice_reference",
        "created_at",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [BookingPlaceInline]
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Cancel every place on the selected bookings", permissions=["change"])
    def cancel_selected(self, request, queryset):
        done, failures = 0, []
        for booking in queryset:
            try:
                booking_services.booking_places_cancel(booking_id=booking.pk, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                failures.append(f"Booking {booking.pk}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                done += 1
        self.message_user(
            request, f"{done} booking(s) cancelled.", messages.SUCCESS if done else messages.INFO
        )
        for failure in failures:
            self.message_user(request, failure, messages.WARNING)


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "event",
        "council",
        "places_wanted",
        "accepts_partial",
        "status",
        "offer_expires_at",
    ]
    list_filter = ["status"]
    list_select_related = ["event", "council"]
    readonly_fields = [
        "event", "council", "joined_by", "places_wanted", "accepts_partial", "attendees", "status",
        "offered_places", "offered_at", "offer_expires_at", "booking", "created_at",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
