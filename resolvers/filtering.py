"""Typed filter inputs → one Tortoise Q.

A filter object's attributes are operator objects (`eq`, `in_`, `contains`,
`starts_with`, `gt`, `gte`, `lt`, `lte`) or the combinators `and_`, `or_`, `not_`.
Each resource names, per attribute, the column (or a function building the Q).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tortoise.expressions import Q

from gateway.clock import CHINA_TIME
from permissions.visibility import within
from resolvers.errors import ErrorCode, UserError, validation
from resolvers.ids import decode_int_id

ColumnSpec = str | Callable[[Any], Q]

_OPERATORS = {
    "eq": "",
    "in_": "__in",
    "contains": "__icontains",
    "starts_with": "__startswith",
    "gt": "__gt",
    "gte": "__gte",
    "lt": "__lt",
    "lte": "__lte",
}

MAX_IN = 500




def as_utc(value: Any) -> Any:
    """Datetime bounds in UTC, like the stored values (a naive time is Beijing time)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CHINA_TIME)).astimezone(dt.UTC)
    if isinstance(value, list):
        return [as_utc(v) for v in value]
    return value


def operator_q(column: str, ops: Any, field: str) -> Q:
    clauses = []
    for attr, suffix in _OPERATORS.items():
        value = as_utc(getattr(ops, attr, None))
        if value is None:
            continue
        if attr == "in_" and len(value) > MAX_IN:
            raise validation(field, f"`in` takes at most {MAX_IN} values")
        clauses.append(Q(**{f"{column}{suffix}": value}))
    return Q(*clauses) if clauses else Q()


def compile_filter(flt: Any, columns: dict[str, ColumnSpec], field: str = "filter") -> Q:
    if flt is None:
        return Q()
    clauses: list[Q] = []
    for name, spec in columns.items():
        ops = getattr(flt, name, None)
        if ops is None:
            continue
        clauses.append(spec(ops) if callable(spec) else operator_q(spec, ops, f"{field}.{name}"))
    for sub in getattr(flt, "and_", None) or []:
        clauses.append(compile_filter(sub, columns, field))
    ors = getattr(flt, "or_", None)
    if ors:
        clauses.append(Q(*(compile_filter(sub, columns, field) for sub in ors), join_type=Q.OR))
    negated = getattr(flt, "not_", None)
    if negated is not None:
        clauses.append(~compile_filter(negated, columns, field))
    return Q(*clauses) if clauses else Q()


def id_filter(type_name: str, column: str, field: str) -> ColumnSpec:
    """An IDFilter over global IDs of `type_name`, applied to an integer column."""

    def build(ops: Any) -> Q:
        clauses = []
        if ops.eq is not None:
            clauses.append(Q(**{column: _int_or_none(ops.eq, type_name)}))
        if ops.in_ is not None:
            keys = [k for k in (_int_or_none(v, type_name) for v in ops.in_) if k is not None]
            clauses.append(Q(**{f"{column}__in": keys}))
        return Q(*clauses) if clauses else Q()

    build.column = column  # type: ignore[attr-defined]  # for the index coverage test
    return build


def _int_or_none(global_id: str, type_name: str) -> int | None:
    try:
        return decode_int_id(global_id, type_name)
    except UserError as error:
        if error.code == ErrorCode.NOT_FOUND:
            return None  # another type's ID matches nothing
        raise


def within_jurisdiction(column: str) -> ColumnSpec:
    """A jurisdiction code that takes in everything under it (130100 → all of 1301…)."""

    def build(code: str) -> Q:
        if not (code.isdigit() and len(code) == 6):
            raise validation("filter.withinJurisdiction", "a six-digit jurisdiction code")
        return within(column, code)

    build.column = column  # type: ignore[attr-defined]
    return build
