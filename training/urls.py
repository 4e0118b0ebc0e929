"""Fixed paths come before /training/<slug>/ (models.RESERVED_EVENT_SLUGS)."""

from django.urls import path

from training.views import booking, calendar, feedback, listing, records, staff

app_name = "training"

urlpatterns = [
    path("", listing.event_list, name="event_list"),
    path("calendar.ics", calendar.calendar_feed, name="calendar"),
    path("my-bookings/", booking.my_bookings, name="my_bookings"),
    path("my-record/", records.my_record, name="my_record"),
    path("staff/", staff.staff_events, name="staff_events"),
    path("staff/to-invoice/", staff.staff_invoices, name="staff_invoices"),
    path("staff/to-invoice.csv", staff.staff_invoices_csv, name="staff_invoices_csv"),
    path("staff/<slug:slug>/register/", records.register, name="register"),
    path("council/<slug:slug>/record/", records.council_record, name="council_record"),
    path("council/<slug:slug>/record.csv", records.council_record_csv, name="council_record_csv"),
    path("staff/<slug:slug>/feedback/", feedback.staff_event_feedback, name="staff_event_feedback"),
    path("bookings/<int:pk>/", booking.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", booking.booking_cancel, name="booking_cancel"),
    path("bookings/places/<int:pk>/certificate.pdf", records.certificate, name="place_certificate"),
    path("waiting-list/<int:pk>/accept/", booking.offer_accept, name="offer_accept"),
    path("waiting-list/<int:pk>/withdraw/", booking.waiting_withdraw, name="waiting_withdraw"),
    path("<slug:slug>/", booking.event_detail, name="event"),
    path("<slug:slug>/book/", booking.event_book, name="event_book"),
    path("<slug:slug>/event.ics", calendar.event_ics, name="event_ics"),
    path("<slug:slug>/feedback/", feedback.event_feedback, name="event_feedback"),
]
