"""Celery tasks for account: take ids, call one service.

None yet: every account write is quick enough to run in the request, and the emails
they send are queued through kalc_portal.mail (kalc_portal.tasks.send_email_task)."""
