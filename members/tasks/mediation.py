"""Celery tasks for mediation: take ids, call one service."""
