"""Celery tasks of the members app, one module per feature; importing them here
registers them with the worker (autodiscovery imports members.tasks)."""

from members.tasks import access, account, mediation  # noqa: F401
