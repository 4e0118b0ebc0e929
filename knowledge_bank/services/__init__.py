"""Every write to the knowledge bank, one module per feature:
resources.py (resources and hubs), files.py (versions, downloads, superseded
notices), review.py (review dates and reminders), saved.py (saved items)."""
