"""Counts the SQL statements each request or job sends, for its log line and metrics.

The statement-running methods of every Tortoise client class (`execute_query`,
`execute_query_dict`, `execute_insert`, `execute_many`, `execute_script`, … wherever a
class defines one) are wrapped once per process. A call counts one statement on the
current `Activity` (none: nothing is counted); a call one of these methods makes to
another is not counted twice. Transaction control (BEGIN, COMMIT, SAVEPOINT) and
connection set-up go to the driver directly and are not counted. The cost is a context
variable read per statement, and two writes when an activity is counting.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
from collections.abc import Callable
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from gateway.observability.activity import current

STATEMENT_METHODS = (
    "execute_query",
    "execute_query_dict",
    "execute_query_dict_with_affected",
    "execute_insert",
    "execute_many",
    "execute_script",
)
_BACKENDS = ("tortoise.backends.sqlite.client", "tortoise.backends.asyncpg.client")
_MARK = "__counts_statements__"

_inside: contextvars.ContextVar[bool] = contextvars.ContextVar("talentgate_in_statement", default=False)


def _counted(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        activity = current()
        if activity is None or _inside.get():
            return await method(self, *args, **kwargs)
        activity.statements += 1
        token = _inside.set(True)
        try:
            return await method(self, *args, **kwargs)
        finally:
            _inside.reset(token)

    setattr(counted, _MARK, True)
    return counted


def client_classes() -> list[type]:
    """Every Tortoise client class of the installed drivers (their transaction wrappers too)."""
    for module in _BACKENDS:
        with contextlib.suppress(ImportError):  # a driver not installed: its client is unused too
            importlib.import_module(module)
    seen: list[type] = []
    todo: list[type] = [BaseDBAsyncClient]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def count_statements() -> None:
    """Start counting (idempotent): the gateway's app and the worker call this at start."""
    for cls in client_classes():
        for name in STATEMENT_METHODS:
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, _MARK, False):
                setattr(cls, name, _counted(method))
