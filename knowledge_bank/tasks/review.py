"""Celery tasks for review dates: take ids, call one service."""
