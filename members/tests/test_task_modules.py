"""Every tasks module holds a task: an empty one promises work that nothing does."""

import importlib
import pkgutil
from pathlib import Path

from celery import Task
from django.apps import apps
from django.conf import settings


def _task_modules() -> list[str]:
    names = []
    for app in apps.get_app_configs():
        package = Path(app.path) / "tasks"
        if not package.is_dir() or not package.is_relative_to(settings.BASE_DIR):
            continue
        names += [f"{app.name}.tasks.{info.name}" for info in pkgutil.iter_modules([str(package)])]
    return names


def test_every_tasks_module_defines_a_task():
    modules = _task_modules()
    assert "members.tasks.mediation" in modules and "knowledge_bank.tasks.review" in modules
    empty = [
        name
        for name in modules
        if not any(isinstance(value, Task) for value in vars(importlib.import_module(name)).values())
    ]
    assert empty == []
