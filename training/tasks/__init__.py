"""Celery tasks of training, one module per feature; importing them here registers them
with the worker (autodiscovery imports training.tasks)."""

from training.tasks import feedback, joining_links, reminders, waiting_list  # noqa: F401
