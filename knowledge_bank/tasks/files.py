"""Celery tasks for file versions: take ids, call one service."""
