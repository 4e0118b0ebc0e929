"""Every write to training data, one module per feature: events.py (events and their
sessions), bookings.py (booking, cancelling, the waiting list and its offers)."""
