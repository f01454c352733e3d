"""The one request or job this task is serving, filled in as it runs: who asked, which
operation, how many SQL statements, how it ended. Its line is logged and its metrics
recorded when it ends; every other log line written meanwhile carries its id."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

_current: contextvars.ContextVar[Activity | None] = contextvars.ContextVar("activity", default=None)


@dataclass(slots=True)
class Activity:
    """A request (`request_id`) or a job (`job_id`). `operation` is the GraphQL operation's
    name or the job's function; `outcome` is None until something decides it (a GraphQL
    error code, a job's end)."""

    request_id: str | None = None
    job_id: str | None = None
    user: str | None = None  # a username: never a token
    operation: str | None = None
    outcome: str | None = None
    statements: int = 0


def current() -> Activity | None:
    return _current.get()


def begin(activity: Activity) -> contextvars.Token[Activity | None]:
    """Make `activity` this task's (and the tasks it starts'); `end(token)` when it is over."""
    return _current.set(activity)


def end(token: contextvars.Token[Activity | None]) -> None:
    _current.reset(token)
