"""The compiled read's one statement, with its unchanging part written once.

A page's statement is two parts. The part that depends on the request's values — the
listing's scope, filter, cursor, order and limit — is the listing's own queryset, written
by Tortoise as every listing's is, or bound from a template of it (templates.py). The
part that depends only on the query text and the caller — which columns of which joined
tables, each nested object's scope condition, the active-card subqueries — costs Tortoise
far more to write, and is written once per (query, order, caller's permissions): the page's rows are read by

    SELECT <the selected columns> FROM (<the listing's page query>) "<table>" <joins> ORDER BY …

PostgreSQL and SQLite run the inner query first (it has its LIMIT) and join the few rows
it returns. Values come back through the converters Tortoise's `.values()` would apply.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from tortoise.models import Model

from permissions.compiled import CompiledPermissions
from resolvers.listing.compiled.sql import NotCompilable
from schema.db import generic_plan_connection

Convert = Callable[[Any], Any]
HEADS_PER_CALLER = 64
T = TypeVar("T")


def literal(value: Any) -> str | None:
    """`value` written into SQL, or None for a type not written in (only integers and
    texts without backslash or NUL: PostgreSQL's standard strings double the quote)."""
    if type(value) is int:
        return str(value)
    if type(value) is str and "\\" not in value and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


_PARAMETER = re.compile(r"\$(\d+)")


def constants_written_in(sql: str, params: Sequence[tuple[bool, Any]]) -> tuple[str, tuple[int, ...]] | None:
    """PostgreSQL `sql` whose parameters are `params` ((a value's place?, its index :
    the constant)) with the constants written in and the places numbered anew; the
    values' indexes in their new order. None when a constant cannot be written in."""
    places: list[int] = []
    failed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal failed
        place, x = params[int(match.group(1)) - 1]
        if place:
            places.append(x)
            return f"${len(places)}"
        written = literal(x)
        failed = failed or written is None
        return written or ""

    rewritten = _PARAMETER.sub(replace, sql)
    return None if failed else (rewritten, tuple(places))


@dataclass(frozen=True)
class Head:
    """The unchanging part: `select` up to FROM, `joins` after the table, their parameters
    (all in `select`), and each column's converter."""

    select: str
    joins: str
    params: tuple[Any, ...]
    converters: tuple[tuple[str, Convert], ...]
    extra: Any  # what the caller keeps beside it (the column aliases)

    @cached_property
    def inlined(self) -> tuple[str, str] | None:
        """`select` and `joins` with their parameters written in (None when one cannot be)."""
        constants = [(False, p) for p in self.params]
        select = constants_written_in(self.select, constants)
        joins = constants_written_in(self.joins, constants)
        return None if select is None or joins is None else (select[0], joins[0])


class PerCaller(Generic[T]):
    """What is written once per caller's permissions and key, at most `size` per caller
    (the oldest forgotten), and forgotten with the permissions."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: WeakKeyDictionary[CompiledPermissions, dict[Any, T]] = WeakKeyDictionary()

    def get(self, perms: CompiledPermissions, key: Any) -> T | None:
        return None if key is None else self._kept.get(perms, {}).get(key)

    def put(self, perms: CompiledPermissions, key: Any, value: T) -> None:
        if key is None:
            return
        kept = self._kept.setdefault(perms, {})
        if len(kept) >= self.size and key not in kept:
            kept.pop(next(iter(kept)))
        kept[key] = value

    def keys(self, perms: CompiledPermissions) -> list[Any]:
        return list(self._kept.get(perms, {}))


heads: PerCaller[Head] = PerCaller(HEADS_PER_CALLER)


def _top_level(sql: str) -> Iterator[int]:
    """The positions in `sql` outside parentheses and quoted names (the outermost query's)."""
    depth, quoted = 0, False
    for i, char in enumerate(sql):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            yield i


def _top_level_from(sql: str, table: str) -> int:
    """Where ` FROM "<table>"` of the outermost SELECT begins (not one of a subquery's)."""
    target = f' FROM "{table}"'
    found = next((i for i in _top_level(sql) if sql.startswith(target, i)), None)
    if found is None:
        raise NotCompilable("no top-level FROM")
    return found


_CLAUSES = re.compile(r" (WHERE|ORDER BY|LIMIT|OFFSET|GROUP BY) ")


def sql_of(queryset: Any) -> tuple[str, list[Any]]:
    """The SQL Tortoise writes for `queryset` (a QuerySet or its `.values()`), and its
    parameters."""
    queryset._choose_db_if_not_chosen()
    queryset._make_query()
    sql, params = queryset.query.get_parameterized_sql()
    return sql, list(params)


def head_of(model: type[Model], annotations: dict[str, Any], values: dict[str, str], extra: Any) -> Head:
    """The columns `values` (alias → lookup) and `annotations` over `model`'s rows, as
    Tortoise writes them, cut at the table."""
    query = model.all().annotate(**annotations) if annotations else model.all()
    reader = query.values(*annotations, **values)
    sql, params = sql_of(reader)
    table = model._meta.db_table
    at = _top_level_from(sql, table)
    joins = sql[at + len(f' FROM "{table}"'):]
    if _outside_parentheses(joins) or "?" in joins or "$" in joins:
        raise NotCompilable("more than joins after the table")
    converters = tuple(
        (alias, convert)
        for alias, field in reader._fields_for_select.items()
        if not isinstance(convert := reader.resolve_to_python_value(model, field), types.LambdaType)
    )
    return Head(sql[:at], joins, tuple(params), converters, extra)


def _outside_parentheses(joins: str) -> bool:
    """Whether a WHERE / ORDER BY / LIMIT … stands at the top level of `joins`."""
    return any(_CLAUSES.match(joins, i) for i in _top_level(joins))


async def read(head: Head, model: type[Model], inner: str, params: list[Any],
               order: list[tuple[str, bool]],
               generic: tuple[str, list[Any]] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The rows of the listing's page query (`inner`, its `params`) through `head`, in
    `order` ([(column, descending)]). `generic`: the page query with its constants written
    in — the statement then holds the request's values alone and goes to the connection
    whose plans PostgreSQL may keep for all values (schema/db.py)."""
    table = model._meta.db_table
    by = ",".join(f'"{table}"."{_column(model, c)}" {"DESC" if desc else "ASC"}' for c, desc in order)
    reads = None if generic is None or head.inlined is None else generic_plan_connection()
    if reads is not None and generic is not None and head.inlined is not None:
        db, (select, joins), (inner, params) = reads, head.inlined, generic
    else:
        db, select, joins = model._meta.db, head.select, head.joins
        if db.capabilities.dialect == "postgres" and head.params:
            shift = len(head.params)
            inner = _PARAMETER.sub(lambda m: f"${int(m.group(1)) + shift}", inner)
        params = [*head.params, *params]
    rows = await db.execute_query_dict(f'{select} FROM ({inner}) "{table}"{joins} ORDER BY {by}', params)
    for row in rows:
        for alias, convert in head.converters:
            row[alias] = convert(row[alias])
    return rows


def _column(model: type[Model], name: str) -> str:
    field = model._meta.fields_map.get(name)
    return getattr(field, "source_field", None) or name
