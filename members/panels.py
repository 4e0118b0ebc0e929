"""Council overview panels.

The council overview page shows one panel per registered provider. Later apps
(training, surveys, ...) add theirs from their AppConfig.ready() without
touching members/:

    from members.panels import CouncilPanel, register_council_panel

    register_council_panel(CouncilPanel(
        key="training",
        title="Training booked",
        template="training/panels/council_training.html",
        context=lambda request, council: {...},   # a fixed number of queries
        order=30,
    ))

`context` receives the request and the council; it must run a fixed number of
queries whatever the council's size (the overview has a query budget).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class CouncilPanel:
    key: str
    title: str
    template: str
    context: Callable = field(compare=False)
    order: int = 100
    # Who sees the panel besides those who may see the overview; None means everyone who may.
    visible_to: Callable | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str


_registry: dict[str, CouncilPanel] = {}


def register_council_panel(panel: CouncilPanel) -> None:
    """Add (or replace, by key) a panel on the council overview."""
    _registry[panel.key] = panel


def unregister_council_panel(key: str) -> None:
    _registry.pop(key, None)


def registered_panels() -> list[CouncilPanel]:
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.key))


def render_council_panels(request, council) -> list[RenderedPanel]:
    rendered = []
    for panel in registered_panels():
        if panel.visible_to is not None and not panel.visible_to(request.user, council):
            continue
        context = {"council": council, "panel_title": panel.title, **panel.context(request, council)}
        rendered.append(
            RenderedPanel(
                key=panel.key, title=panel.title, html=render_to_string(panel.template, context, request)
            )
        )
    return rendered
