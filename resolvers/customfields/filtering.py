"""`custom: [{key, eq | in | gte | lte}]` in the talent, employer and service-request
filters: conditions on custom-field values, compiled to SQL like every other filter.

SQLite reads a value with json_extract (and json_type, so a number never equals a string
or a boolean); PostgreSQL tests equality with jsonb containment (`@>`), which the GIN
index on `custom_fields` serves, and ranges with `->>` under a jsonb_typeof guard. Keys are
whitelisted (resolvers/customfields/definitions.py KEY_PATTERN) and every value is a
statement parameter."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from pypika_tortoise.enums import JSONOperators
from pypika_tortoise.functions import Cast
from pypika_tortoise.terms import BasicCriterion, Case, Criterion, Function, Term, ValueWrapper
from tortoise import connections
from tortoise.expressions import Q, ResolveContext
from tortoise.query_utils import QueryModifier

from resolvers.core.errors import validation
from resolvers.customfields.definitions import check_key
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import MAX_IN
from schema.models import CustomFieldDefinition
from schema.models.enums import CustomFieldKind

FIELD = "filter.custom"
MAX_CONDITIONS = 10
COLUMN = "custom_fields"


class CriterionQ(Q):
    """A Q holding a condition the ORM's lookups cannot express (a JSON path), built
    against the queried table when the query is resolved."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[Any], Criterion]) -> None:
        super().__init__()
        self.build = build

    def __bool__(self) -> bool:
        return True

    def __invert__(self) -> Q:
        negated = CriterionQ(self.build)
        negated._is_negated = not self._is_negated
        return negated

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        modifier = QueryModifier(where_criterion=self.build(resolve_context.table))
        return ~modifier if self._is_negated else modifier


class Holds(Criterion):
    """`COALESCE(condition, FALSE)`: a record without the value fails a condition rather than
    leaving it unknown, so `not: {custom: …}` takes such records in."""

    def __init__(self, term: Criterion, false: str) -> None:
        super().__init__()
        self.term = term
        self.false = false

    def nodes_(self) -> Iterator[Any]:
        yield self
        yield from self.term.nodes_()

    def get_sql(self, ctx: Any) -> str:
        return f"COALESCE({self.term.get_sql(ctx.copy(subcriterion=False))},{self.false})"


class Never(Criterion):
    """`1 = 0`, written out (a parameter would leave PostgreSQL guessing its type): what
    `in: []` matches."""

    def get_sql(self, ctx: Any) -> str:
        return "1 = 0"


def _operand(value: Any, field: str, *, ranged: bool = False) -> Any:
    """A JSON scalar to compare with: a boolean, a number, or a string (text, option or
    date). Ranges take numbers and dates."""
    if isinstance(value, bool):
        if ranged:
            raise validation(field, "范围条件只适用于数字和日期", "ranges apply to numbers and dates")
        return value
    if isinstance(value, (int, float)) and abs(value) < 1e15:
        return value
    if isinstance(value, str) and len(value) <= 500 and "\x00" not in value:
        if ranged:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise validation(field, "范围条件只适用于数字和日期（如 2026-01-31）",
                                 "ranges apply to numbers and dates (2026-01-31)") from None  # fmt: skip
        return value
    raise validation(field, "条件值应为文本、数字、日期或是/否", "expected a string, number, date or boolean")


# ---- SQL per dialect -------------------------------------------------------------------


def _sqlite_eq(column: Term, key: str, value: Any) -> Criterion:
    path = ValueWrapper(f"$.{key}")
    kind = Function("json_type", column, path)
    if isinstance(value, bool):
        return kind == ("true" if value else "false")
    typed = kind.isin(["integer", "real"]) if not isinstance(value, str) else kind == "text"
    return typed & (Function("json_extract", column, path) == value)


def _sqlite_range(column: Term, key: str, op: str, value: Any) -> Criterion:
    path = ValueWrapper(f"$.{key}")
    kind = Function("json_type", column, path)
    typed = kind == "text" if isinstance(value, str) else kind.isin(["integer", "real"])
    extracted = Function("json_extract", column, path)
    return typed & (extracted >= value if op == "gte" else extracted <= value)


def _pg_eq(column: Term, key: str, value: Any) -> Criterion:
    return BasicCriterion(
        JSONOperators.CONTAINS, column, Cast(ValueWrapper(json.dumps({key: value})), "jsonb")
    )


def _pg_range(column: Term, key: str, op: str, value: Any) -> Criterion:
    node = BasicCriterion(JSONOperators.GET_JSON_VALUE, column, ValueWrapper(key))
    text = BasicCriterion(JSONOperators.GET_TEXT_VALUE, column, ValueWrapper(key))
    if isinstance(value, str):
        guarded = Case().when(Function("jsonb_typeof", node) == "string", text)
        operand: Any = value
    else:
        guarded = Case().when(Function("jsonb_typeof", node) == "number", Cast(text, "numeric"))
        operand = Cast(ValueWrapper(str(Decimal(str(value)))), "numeric")
    return guarded >= operand if op == "gte" else guarded <= operand


def condition_q(condition: Any, field: str = FIELD) -> Q:
    """One `{key, eq, in, gte, lte}` → a Q on the queried table's `custom_fields`."""
    key = check_key(getattr(condition, "key", None), f"{field}.key")
    eq = getattr(condition, "eq", None)
    in_ = getattr(condition, "in_", None)
    gte = getattr(condition, "gte", None)
    lte = getattr(condition, "lte", None)
    if in_ is not None and len(in_) > MAX_IN:
        raise validation(field, f"“in” 条件最多 {MAX_IN} 个值", f"`in` takes at most {MAX_IN} values")
    equals = [_operand(v, field) for v in ([eq] if eq is not None else [])]
    members = [_operand(v, field) for v in in_ or []]
    ranges = [
        (op, _operand(v, field, ranged=True)) for op, v in (("gte", gte), ("lte", lte)) if v is not None
    ]
    if not equals and in_ is None and not ranges:
        raise validation(field, "请给出 eq、in、gte 或 lte 条件", "give eq, in, gte or lte")
    postgres = connections.get("default").capabilities.dialect == "postgres"
    eq_sql, range_sql = (_pg_eq, _pg_range) if postgres else (_sqlite_eq, _sqlite_range)

    def build(table: Any) -> Criterion:
        column = table.custom_fields
        clauses: list[Any] = [eq_sql(column, key, v) for v in equals]
        if in_ is not None:
            clauses.append(Criterion.any([eq_sql(column, key, v) for v in members]) if members else Never())
        if postgres:  # containment is never unknown (and left bare, the GIN index serves it)
            clauses += [Holds(range_sql(column, key, op, v), "FALSE") for op, v in ranges]
            return cast(Criterion, Criterion.all(clauses))
        clauses += [range_sql(column, key, op, v) for op, v in ranges]
        return Holds(cast(Criterion, Criterion.all(clauses)), "0")

    return CriterionQ(build)


def custom_filter(conditions: Sequence[Any]) -> Q:
    """The `custom` attribute of a filter: every condition holds."""
    if len(conditions) > MAX_CONDITIONS:
        raise validation(
            FIELD, f"最多 {MAX_CONDITIONS} 个自定义字段条件", f"at most {MAX_CONDITIONS} conditions"
        )
    return Q(*(condition_q(c) for c in conditions))


custom_filter.column = None  # type: ignore[attr-defined]  # JSON paths: GIN on PostgreSQL (migration 0013)


def _keys(flt: object | None) -> set[str]:
    """Every key a filter's custom conditions name, through and/or/not."""
    if flt is None:
        return set()
    keys = {c.key for c in getattr(flt, "custom", None) or [] if isinstance(getattr(c, "key", None), str)}
    for sub in [*(getattr(flt, "and_", None) or []), *(getattr(flt, "or_", None) or [])]:
        keys |= _keys(sub)
    return keys | _keys(getattr(flt, "not_", None))


async def check_filter_keys(type_name: str, flt: object | None) -> None:
    """A condition names a custom field defined for the type (ATTACHMENT fields are not
    filtered on)."""
    keys = _keys(flt)
    if not keys:
        return
    for key in keys:
        check_key(key, f"{FIELD}.key")
    defined = set(await CustomFieldDefinition.filter(
        target_type=type_name, key__in=sorted(keys)
    ).exclude(kind=CustomFieldKind.ATTACHMENT).values_list("key", flat=True))  # fmt: skip
    for key in sorted(keys - {str(k) for k in defined}):
        raise validation(
            f"{FIELD}.key", f"没有可筛选的自定义字段“{key}”", f"no custom field {key} to filter on"
        )


@dataclass(frozen=True)
class CustomFieldListing(Listing):
    """A listing whose filter has `custom` conditions: their keys are checked against the
    definitions before the page is read."""

    type_name: str = ""

    async def prepare(self, filter: object | None) -> None:
        await check_filter_keys(self.type_name, filter)

    def templatable(self, filter: object | None) -> bool:
        return not _keys(filter)  # without custom conditions, nothing to prepare
