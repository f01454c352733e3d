"""Count the SQL statements Tortoise sends, on every backend.

How: while at least one `QueryCounter` is active, the statement-executing methods of
every Tortoise client class (`execute_query`, `execute_query_dict`,
`execute_query_dict_with_affected`, `execute_insert`, `execute_many`,
`execute_script`, wherever a class defines one — the plain clients and their
transaction wrappers) are wrapped. Each call made from outside such a method records
its SQL once; calls one of them makes to another (e.g. `execute_query_dict` →
`execute_query`) are not counted twice (a context variable marks "inside").

What counts: one statement per call, whatever it returns or whether it fails;
`bulk_create` is one `execute_many` call however many rows. Transaction control
(BEGIN / COMMIT / ROLLBACK / SAVEPOINT, issued by Tortoise straight on the driver)
and connection setup (SQLite PRAGMAs) are not counted. Statements from any thread or
task in the process count (e.g. an app served by Starlette's TestClient), so count
around the code under test only.

We wrap methods rather than listen to the `tortoise.db_client` logger because the
logger is opt-in per level, shared with whoever configures logging, and not every
path logs exactly once.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

from gateway.observability.statements import STATEMENT_METHODS, client_classes

_inside: contextvars.ContextVar[bool] = contextvars.ContextVar("query_counter_inside", default=False)
_lock = threading.Lock()
_active: list[QueryLog] = []
_originals: dict[tuple[type, str], Callable[..., Any]] = {}


class QueryLog:
    """Statements recorded while this log was active: `.statements`, `.count`."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()

    def __repr__(self) -> str:
        return f"<QueryLog {self.count} statements>"


class QueryCounter(QueryLog):
    """Counts from `start()` to `stop()`; `capture()` counts one block on its own."""

    def start(self) -> QueryCounter:
        _activate(self)
        return self

    def stop(self) -> None:
        _deactivate(self)

    @contextlib.contextmanager
    def capture(self) -> Iterator[QueryLog]:
        """`with counter.capture() as q: ...` — `q.count` statements ran inside the block."""
        log = QueryLog()
        _activate(log)
        try:
            yield log
        finally:
            _deactivate(log)


def _record(sql: str) -> None:
    for log in tuple(_active):
        log.statements.append(sql)


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def counted(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _inside.get():
            return await method(self, query, *args, **kwargs)
        _record(query)
        token = _inside.set(True)
        try:
            return await method(self, query, *args, **kwargs)
        finally:
            _inside.reset(token)

    counted.__wrapped_by_query_counter__ = True  # type: ignore[attr-defined]
    return counted


def _activate(log: QueryLog) -> None:
    with _lock:
        if not _active:
            for cls in client_classes():
                for name in STATEMENT_METHODS:
                    method = cls.__dict__.get(name)
                    if method is not None and (cls, name) not in _originals:
                        _originals[(cls, name)] = method
                        setattr(cls, name, _wrap(method))
        _active.append(log)


def _deactivate(log: QueryLog) -> None:
    with _lock:
        if log in _active:
            _active.remove(log)
        if not _active:
            for (cls, name), method in _originals.items():
                setattr(cls, name, method)
            _originals.clear()
