"""Hand-written statements for the few hot paths where building a query through the
ORM costs more than running it (the worker's handoff delivery, see bench/).

Statements are written once with `?` placeholders; PostgreSQL (asyncpg) gets `$1, $2, …`.
Values go in as the ORM would pass them: enum values as strings, aware UTC datetimes."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import lru_cache
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

_MARK = re.compile(r"\?")
INSERT_CHUNK = 500
MAX_PARAMETERS = 9999  # per statement, as for_dialect numbers them (both drivers allow more)


@lru_cache(maxsize=256)
def for_dialect(dialect: str, sql: str) -> str:
    if dialect != "postgres":
        return sql
    counter = iter(range(1, MAX_PARAMETERS + 1))
    return _MARK.sub(lambda _: f"${next(counter)}", sql)


def marks(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` values."""
    return ", ".join("?" * count)


async def fetch(sql: str, values: list[Any], conn: BaseDBAsyncClient | None = None) -> list[dict[str, Any]]:
    """Rows of a SELECT or of an UPDATE/INSERT … RETURNING (both backends support it)."""
    conn = conn or connections.get("default")
    return await conn.execute_query_dict(for_dialect(conn.capabilities.dialect, sql), values)


async def execute(sql: str, values: list[Any], conn: BaseDBAsyncClient | None = None) -> int:
    """Run an UPDATE/INSERT/DELETE; returns the rows affected."""
    conn = conn or connections.get("default")
    affected, _ = await conn.execute_query(for_dialect(conn.capabilities.dialect, sql), values)
    return affected


async def insert_many(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """One multi-row INSERT. The ORM's bulk_create builds a model instance per row (tens of
    µs each); here every column is given explicitly — Python-side defaults and auto_now
    stamps included, as the database has no defaults for them."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    # Both backends cap a statement's parameters: wide rows go fewer to a statement.
    size = max(1, min(INSERT_CHUNK, MAX_PARAMETERS // len(columns)))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        tuples = ", ".join([f"({marks(len(columns))})"] * len(chunk))
        values = [_db_value(row[c]) for row in chunk for c in columns]
        await execute(f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES {tuples}', values)


def stored_datetime(value: Any) -> dt.datetime:
    """A datetime column read by a raw statement, aware in UTC however the driver hands it
    back (SQLite: text; stored in UTC, schema/db.py use_tz)."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def stored_date(value: Any) -> dt.date:
    """A date column read by a raw statement (SQLite: text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _db_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
