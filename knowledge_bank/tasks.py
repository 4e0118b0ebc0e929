"""Celery wrappers for the knowledge bank's jobs: each takes ids and calls one service."""
