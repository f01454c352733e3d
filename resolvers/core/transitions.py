"""One way to change a status: a conditional UPDATE that exactly one caller wins.

Each state machine declares its allowed transitions once, as a `Flow` in its domain's
`flow.py` (cards, catalogue, talents, requests and handoffs, complaints, recognition).
`change_status` moves a row only from a state that may reach the new one — by default any
the flow allows, or the narrower `from_` the caller read — in one statement:

    UPDATE … SET status = :to, … WHERE id = :id AND status IN (:from) [AND …]

so a second click, a concurrent job or a retried task finds nothing to change and gets
False, never a double effect. Asking for a transition the flow does not declare is a
programming error (ValueError), caught by the tests of that path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from schema import clock

S = TypeVar("S", bound=Enum)


class Flow(Generic[S]):
    """A state machine: for each state, the states it may move to."""

    def __init__(self, name: str, edges: Mapping[S, Iterable[S]]) -> None:
        self.name = name
        self.edges: dict[S, frozenset[S]] = {source: frozenset(targets) for source, targets in edges.items()}

    def allows(self, source: S, to: S) -> bool:
        return to in self.edges.get(source, frozenset())

    def sources(self, to: S) -> tuple[S, ...]:
        """Every state that may move to `to`, in declaration order."""
        return tuple(source for source, targets in self.edges.items() if to in targets)

    def check(self, sources: Iterable[S], to: S) -> tuple[S, ...]:
        chosen = tuple(sources)
        undeclared = [source.value for source in chosen if not self.allows(source, to)]
        if undeclared or not chosen:
            shown = undeclared or "nothing"
            raise ValueError(f"{self.name}: {shown} → {to.value} is not a declared transition")
        return chosen


async def change_status(
    row: Model,
    flow: Flow[S],
    to: S,
    *,
    from_: Iterable[S] | None = None,
    where: Mapping[str, Any] | None = None,
    **values: Any,
) -> bool:
    """Move `row` to `to` (with `values`) if it is still in one of `from_` (default: every
    state `flow` lets reach `to`) and matches `where`. True when this call moved it; the
    row object then carries the new values. `updated_at` is stamped where the model has one.
    """
    sources = flow.check(flow.sources(to) if from_ is None else from_, to)
    model = type(row)
    if "updated_at" in model._meta.fields_map and "updated_at" not in values:
        values["updated_at"] = clock.now()
    query = model.filter(pk=row.pk, status__in=list(sources), **(where or {}))
    if not await query.update(status=to, **values):
        return False
    row.status = to  # every model passed here has a status
    for name, value in values.items():
        setattr(row, name, value)
    return True
