"""Celery tasks of the members app, one module per feature that has one; importing them
here registers them with the worker (autodiscovery imports members.tasks)."""

from members.tasks import mediation  # noqa: F401
