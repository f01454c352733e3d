"""A database that does not answer: how an error shows it, and one log line per outage.

GraphQL clients get `SERVICE_UNAVAILABLE` with HTTP 503 and `Retry-After` (gateway/http/
graphql.py) instead of `INTERNAL` and a traceback per request; the log says once that the
database went away, and once that it is back.
"""

from __future__ import annotations

import logging
import time

import asyncpg
from tortoise.exceptions import DBConnectionError

log = logging.getLogger("talentgate.database")

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = "数据库暂时不可用，请稍后重试"


def unavailable_extensions() -> dict[str, object]:
    """The `extensions` of the one error a client gets while the database is away."""
    return {"code": SERVICE_UNAVAILABLE, "retryAfter": RETRY_AFTER_SECONDS,
            "messageEn": "The database is unavailable; retry later."}  # fmt: skip

# What asyncpg raises while a server shuts down, restarts or cannot be reached
# (class 08 connection exceptions, 57P0x operator intervention, a closed connection).
_LOST = (
    DBConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,  # ConnectionDoesNotExistError: closed in the middle of a query
    # The server (or PgBouncer) ending a connection as it shuts down can leave asyncpg's
    # protocol mid-operation: the next statement on it ("cannot switch to state …").
    asyncpg.InternalClientError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.CannotConnectNowError,
    ConnectionError,  # refused, reset
)


def is_database_outage(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) says the database cannot be reached. A Redis
    failure or an HTTP call to another system (the province) is not one, though it too
    may end in a refused connection."""
    import httpx
    import redis.exceptions

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, redis.exceptions.RedisError | httpx.HTTPError):
            return False
        if isinstance(error, _LOST):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


class _Outage:
    since: float | None = None


def database_failed(error: BaseException) -> None:
    """Log the first failure of an outage (not every request's)."""
    if _Outage.since is None:
        _Outage.since = time.monotonic()
        log.error("database unavailable (%s: %s); until it is back GraphQL answers %s (HTTP 503, "
                  "Retry-After: %d) and jobs fail", type(error).__name__, error, SERVICE_UNAVAILABLE,
                  RETRY_AFTER_SECONDS)  # fmt: skip


def database_down() -> bool:
    """Whether an outage was logged and its end not yet."""
    return _Outage.since is not None


def database_answered() -> None:
    """A request went through: if an outage was logged, log its end."""
    if _Outage.since is not None:
        since, _Outage.since = _Outage.since, None
        log.warning("database available again after %.0f s", time.monotonic() - since)


class _OutageTracebacks(logging.Filter):
    """asyncpg's pool logs a traceback each time it fails to reconnect (after 1 s, 2 s,
    4 s…), arq one for each job that fails: during an outage those become its one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_database_outage(error):
            return True
        database_failed(error)
        return False


_FILTER = _OutageTracebacks()


# Loggers below the resolvers that report a failed write with its traceback and go on:
# the audit sealer after a commit (permissions/audit_chain.py; its sweeper retries).
_QUIETED = ("asyncpg.pool", "talentgate.audit")


def quiet_pool_retries(*names: str) -> None:
    """Install the filter above on asyncpg's pool, the audit sealer's logger and the
    loggers named (once each)."""
    for name in (*_QUIETED, *names):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
