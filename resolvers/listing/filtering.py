"""Typed filter inputs → one Tortoise Q.

A filter object's attributes are operator objects (`eq`, `in_`, `contains`,
`starts_with`, `gt`, `gte`, `lt`, `lte`), a bare enum value (`status: RECORDED`: equals)
or the combinators `and_`, `or_`, `not_`.
Each resource names, per attribute, the column (or a function building the Q).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeAlias

from tortoise.expressions import Q
from tortoise.fields.relational import RelationalField
from tortoise.models import Model

from permissions.visibility import q_of, within
from resolvers.core.errors import ErrorCode, UserError, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.validation import TextKind, check_jurisdiction_code, check_text
from schema.clock import CHINA_TIME

ColumnSpec = str | Callable[[Any], Q]

# A filter input: an object whose attributes (by the columns' names, plus and_/or_/not_)
# hold operator objects, read generically with getattr. The GraphQL layer's filter inputs
# are passed as they are: a typed copy of every resource's filter would only repeat them.
FilterInput: TypeAlias = object

OPERATORS = {
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


def max_length(model: type[Model] | None, column: str) -> int | None:
    """The width of a text column (`name`, `jurisdiction_id`, `holder__name`), if any."""
    *relations, name = column.split("__")
    for relation in relations:
        field = model._meta.fields_map.get(relation) if model is not None else None
        model = field.related_model if isinstance(field, RelationalField) else None
    field = model._meta.fields_map.get(name) if model is not None else None
    return getattr(field, "max_length", None)


def check_operand(value: Any, field: str, limit: int | None) -> None:
    """A text operand is searched for as given: it may hold nothing the database cannot
    (NUL, lone surrogates) and be no longer than the column, which could not match it."""
    if not isinstance(value, str):
        return
    check_text(value, field, TextKind.TEXT)
    if limit is not None and len(value) > limit:
        raise validation(
            field, f"最多 {limit} 个字符", f"at most {limit} characters: no stored value is longer"
        )


def check_operator(attr: str, value: Any, field: str, limit: int | None) -> None:
    """What an operator's operand may be (`attr`: `eq`, `in_` …)."""
    if attr == "in_" and len(value) > MAX_IN:
        raise validation(field, f"“in” 条件最多 {MAX_IN} 个值", f"`in` takes at most {MAX_IN} values")
    for operand in value if isinstance(value, list) else [value]:
        check_operand(operand, field, limit)


def operator_q(column: str, ops: object, field: str, model: type[Model] | None = None) -> Q:
    if isinstance(ops, Enum):  # a bare enum value (`status: RECORDED`) means equals
        return Q(**{column: ops.value})
    limit = max_length(model, column)
    clauses = []
    for attr, suffix in OPERATORS.items():
        value = getattr(ops, attr, None)
        if value is None:
            continue
        check_operator(attr, value, field, limit)
        clauses.append(Q(**{f"{column}{suffix}": as_utc(value)}))
    return Q(*clauses) if clauses else Q()


def compile_filter(flt: FilterInput | None, columns: Mapping[str, ColumnSpec], field: str = "filter",
                   model: type[Model] | None = None) -> Q:  # fmt: skip
    """`model` lets text operands be checked against the width of their columns."""
    if flt is None:
        return Q()
    clauses: list[Q] = []
    for name, spec in columns.items():
        ops = getattr(flt, name, None)
        if ops is None:
            continue
        where = filter_field(field, name)
        clauses.append(spec(ops) if callable(spec) else operator_q(spec, ops, where, model))
    for sub in getattr(flt, "and_", None) or []:
        clauses.append(compile_filter(sub, columns, field, model))
    ors = getattr(flt, "or_", None)
    if ors:
        clauses.append(Q(*(compile_filter(sub, columns, field, model) for sub in ors), join_type=Q.OR))
    negated = getattr(flt, "not_", None)
    if negated is not None:
        clauses.append(~compile_filter(negated, columns, field, model))
    return Q(*clauses) if clauses else Q()


def filter_field(field: str, name: str) -> str:
    """The GraphQL path of a filter attribute, for errors: `filter.parentCode`."""
    head, *rest = name.split("_")
    return f"{field}.{head}{''.join(part.capitalize() for part in rest)}"


def id_filter(type_name: str, column: str, field: str) -> Callable[[Any], Q]:
    """An IDFilter over global IDs of `type_name`, applied to an integer column."""

    def build(ops: Any) -> Q:
        clauses = []
        if ops.eq is not None:
            clauses.append(q_of({column: _int_or_none(ops.eq, type_name)}))
        if ops.in_ is not None:
            keys = [k for k in (_int_or_none(v, type_name) for v in ops.in_) if k is not None]
            clauses.append(q_of({f"{column}__in": keys}))
        return Q(*clauses) if clauses else Q()

    build.column = column  # type: ignore[attr-defined]  # for the index coverage test
    build.pure = True  # type: ignore[attr-defined]  # its Q depends on the operand alone
    return build


def _int_or_none(global_id: str, type_name: str) -> int | None:
    try:
        return decode_int_id(global_id, type_name)
    except UserError as error:
        if error.code == ErrorCode.NOT_FOUND:
            return None  # another type's ID matches nothing
        raise


def within_jurisdiction(column: str) -> Callable[[str], Q]:
    """A jurisdiction code that takes in everything under it (130100 → all of 1301…)."""

    def build(code: str) -> Q:
        return within(column, check_jurisdiction_code(code, "filter.withinJurisdiction"))

    build.column = column  # type: ignore[attr-defined]
    build.pure = True  # type: ignore[attr-defined]
    return build
