"""Celery tasks for account: take ids, call one service."""
