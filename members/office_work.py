"""The office's work, on its home page (My KALC).

Each queue an office role works through registers here with how to count what is
waiting and who may open it. Apps add theirs from their AppConfig.ready() without
touching members/:

    from members.office_work import OfficeWork, register_office_work

    register_office_work(OfficeWork(
        key="review_due",
        label="Knowledge bank resources due for review",
        url_name="knowledge_bank:review_board",
        count=lambda: ...,               # one query, whatever the size of the queue: an int,
                                         # or (count, stopped at a cap) for a capped count
        visible_to=permissions.can_view_review_board,
        order=40,
    ))

A queue is shown only to those `visible_to` says may open its page, so the home page
never offers a link its reader cannot use.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class OfficeWork:
    key: str
    label: str
    url_name: str
    count: Callable[[], int] = field(compare=False)
    visible_to: Callable = field(compare=False)
    order: int = 100


@dataclass(frozen=True)
class WaitingWork:
    key: str
    label: str
    url: str
    count: int
    capped: bool = False  # the count stopped at a cap: there are at least this many


_registry: dict[str, OfficeWork] = {}


def register_office_work(work: OfficeWork) -> None:
    """Add (or replace, by key) a queue on the office's home page."""
    _registry[work.key] = work


def unregister_office_work(key: str) -> None:
    _registry.pop(key, None)


def office_work_for(user) -> list[WaitingWork]:
    """The queues this person works, each with how much is waiting (one query each)."""
    waiting = []
    for work in sorted(_registry.values(), key=lambda work: (work.order, work.key)):
        if not work.visible_to(user):
            continue
        counted = work.count()
        count, capped = counted if isinstance(counted, tuple) else (counted, False)
        waiting.append(
            WaitingWork(
                key=work.key, label=work.label, url=reverse(work.url_name), count=count, capped=capped
            )
        )
    return waiting
