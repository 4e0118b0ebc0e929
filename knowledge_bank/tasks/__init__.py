"""Celery tasks of the knowledge bank, one module per feature; importing them here
registers them with the worker (autodiscovery imports knowledge_bank.tasks)."""

from knowledge_bank.tasks import files, review  # noqa: F401
