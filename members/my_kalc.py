"""Sections other apps add to a person's home page (My KALC), such as the surveys
waiting for their councils. Apps register from their AppConfig.ready() without touching
members/:

    from members.my_kalc import MyKalcSection, register_my_kalc_section

    register_my_kalc_section(MyKalcSection(
        key="surveys_waiting",
        template="surveys/my_kalc/waiting.html",
        context=lambda request: {...} or None,   # None: nothing to show; a fixed number of queries
        order=20,
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class MyKalcSection:
    key: str
    template: str
    context: Callable = field(compare=False)
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    key: str
    html: str


_registry: dict[str, MyKalcSection] = {}


def register_my_kalc_section(section: MyKalcSection) -> None:
    """Add (or replace, by key) a section on My KALC."""
    _registry[section.key] = section


def unregister_my_kalc_section(key: str) -> None:
    _registry.pop(key, None)


def render_my_kalc_sections(request) -> list[RenderedSection]:
    rendered = []
    for section in sorted(_registry.values(), key=lambda section: (section.order, section.key)):
        context = section.context(request)
        if context is None:
            continue
        rendered.append(
            RenderedSection(key=section.key, html=render_to_string(section.template, context, request))
        )
    return rendered
