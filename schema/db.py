"""Tortoise configuration: one app, models in `schema.models`, migrations in `schema/migrations`.

The `tortoise` command line reads `gateway.db.TORTOISE_ORM`, which fills this in from the settings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as migrate_api

from schema.snapshot import load_if_empty

MODELS_MODULE = "schema.models"
MIGRATIONS_MODULE = "schema.migrations"


POSTGRES_POOL_SIZE = 20
# SQLite writers wait this long for another process's write (the CLI next to a running
# server, the worker next to the gateway) instead of failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def with_pool_size(database_url: str) -> str:
    """PostgreSQL URLs get a pool of 20 unless they name one (Tortoise's default of 5
    starves a worker running many jobs at once)."""
    if not database_url.startswith(("postgres", "asyncpg")) or "maxsize=" in database_url:
        return database_url
    return f"{database_url}{'&' if '?' in database_url else '?'}maxsize={POSTGRES_POOL_SIZE}"


class NoResetConnection(asyncpg.Connection):
    """A pooled connection that goes back to the pool without asyncpg's reset statements.

    asyncpg's pool sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET
    ALL;` on every release: a round trip after each query that runs outside a transaction
    (most reads), undoing session state this application never leaves behind:

    * advisory locks are transaction-scoped only (`pg_advisory_xact_lock`,
      `pg_try_advisory_xact_lock` in permissions/audit_chain.py): released at COMMIT or
      ROLLBACK, never held by an idle connection;
    * settings are changed only with `set_config(..., true)`, i.e. SET LOCAL, which ends
      with the transaction; nothing runs a session-level SET, LISTEN or a cursor WITH HOLD.

    What the reset must still do, asyncpg does regardless of this query: a connection
    released inside a transaction is rolled back, its listeners dropped. Whoever adds
    session-level state (SET without LOCAL, pg_advisory_lock, LISTEN) must drop this class
    (tests/gateway/test_runtime.py checks the sources for them).
    """

    def get_reset_query(self) -> str:
        return ""


POOLER_PARAMETER = "pgbouncer"


def through_pooler(database_url: str) -> tuple[str, bool]:
    """`…?pgbouncer=true`: the URL names a PgBouncer in transaction mode (the parameter
    is ours, as Prisma spells it, and is taken out before asyncpg sees the URL)."""
    parts = urlsplit(database_url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    flag = [v for k, v in pairs if k == POOLER_PARAMETER]
    if not flag:
        return database_url, False
    if flag[-1].strip().lower() not in {"true", "1", "yes", "on", "false", "0", "no", "off"}:
        raise ValueError(f"DATABASE_URL: pgbouncer takes true or false, not {flag[-1]!r}")
    rest = urlencode([(k, v) for k, v in pairs if k != POOLER_PARAMETER])
    return urlunsplit(parts._replace(query=rest)), flag[-1].strip().lower() in {"true", "1", "yes", "on"}


def connection_config(database_url: str) -> str | dict[str, Any]:
    """The `default` connection: the URL as is, except SQLite's, which gets a busy timeout,
    and asyncpg's, which gets its pool size and `NoResetConnection` (and, through PgBouncer,
    no statement cache and no startup settings)."""
    database_url, pooled = through_pooler(database_url)
    url = with_pool_size(database_url)
    if url.startswith("sqlite"):
        config = expand_db_url(url)
        config["engine"] = "schema.sqlite_engine"  # write transactions wait for the lock
        config["credentials"].setdefault("busy_timeout", SQLITE_BUSY_TIMEOUT_MS)
        return config
    if not url.startswith(("postgres", "asyncpg")):
        return url
    config = expand_db_url(url)
    if config["engine"] != "tortoise.backends.asyncpg":
        return url
    config["credentials"]["connection_class"] = NoResetConnection
    if pooled:
        # A transaction pooler hands each transaction to any server connection: a statement
        # asyncpg prepared and cached on one is unknown on the next, so nothing is cached
        # (unnamed statements are planned for their values anyway). PgBouncer refuses
        # startup parameters it does not know, so none is sent.
        config["credentials"]["statement_cache_size"] = 0
        return config
    # Planned for the values at hand, every time: asyncpg prepares every statement, and
    # after five runs PostgreSQL may switch to a generic plan that guesses what a range of
    # parameters selects — a city's jurisdiction range guessed as a few rows made one
    # dashboard statement 30× slower. A startup setting, not session state: no reset needed.
    settings = config["credentials"].setdefault("server_settings", {})
    settings.setdefault("plan_cache_mode", "force_custom_plan")
    return config


GENERIC_PLANS = "generic_plans"
GENERIC_POOL_SIZE = 8
_generic_plans: BaseDBAsyncClient | None = None


def generic_plans_config(database_url: str) -> dict[str, Any] | None:
    """PostgreSQL only: the `default` connection's settings, except that PostgreSQL keeps
    its usual choice (`plan_cache_mode` auto: after five runs of a prepared statement, one
    plan for all values when it costs no more)."""
    default = connection_config(database_url)
    if not isinstance(default, dict) or default.get("engine") != "tortoise.backends.asyncpg":
        return None
    if default["credentials"].get("statement_cache_size") == 0:  # through PgBouncer: no plans kept
        return None
    credentials = dict(default["credentials"])
    credentials["server_settings"] = {**credentials.get("server_settings", {}), "plan_cache_mode": "auto"}
    # Its statements are single short reads: a few connections serve them, and the
    # database's connection limit is shared with the default pool of every process.
    credentials["maxsize"] = min(int(credentials.get("maxsize", GENERIC_POOL_SIZE)), GENERIC_POOL_SIZE)
    return credentials


@asynccontextmanager
async def generic_plans(database_url: str) -> AsyncIterator[None]:
    """A second pool, beside Tortoise's, for statements whose every parameter is a value
    compared for equality: compiled reads with their caller's scope written into the text
    (resolvers/listing/compiled/templates.py). PostgreSQL then plans such a statement once
    instead of on every run, and no range is ever guessed. Not a Tortoise connection:
    Tortoise asks for a connection's name in every transaction once it has two."""
    global _generic_plans
    credentials = generic_plans_config(database_url)
    if credentials is None:
        yield
        return
    client = AsyncpgDBClient(connection_name=GENERIC_PLANS, **credentials)
    await client.create_connection(with_db=True)
    outer, _generic_plans = _generic_plans, client
    try:
        yield
    finally:
        _generic_plans = outer
        await client.close()


def generic_plan_connection() -> BaseDBAsyncClient | None:
    """The pool `generic_plans` opened, if any (else the statement goes to `default`)."""
    return _generic_plans


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        # Stored in UTC: SQLite compares datetimes as text, so every value and every
        # filter bound must share one offset (filters are normalised to UTC too).
        "use_tz": True,
        "timezone": "UTC",
    }


async def apply_migrations(database_url: str, *, from_snapshot: bool = True) -> None:
    """Apply every committed migration, then leave Tortoise uninitialised. A database
    with no tables first gets their end state in one script (schema/snapshot.py)."""
    if from_snapshot and ":memory:" not in database_url:
        await Tortoise.init(config=tortoise_config(database_url))
        try:
            await load_if_empty(connections.get("default"))
        finally:
            await Tortoise.close_connections()
    await migrate_api(config=tortoise_config(database_url))
    await Tortoise.close_connections()
