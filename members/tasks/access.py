"""Celery tasks for access: take ids, call one service."""
