"""Grouped counts for charts: one SQL statement over the same scope and filter as the
list — `talentCounts(filter, groupBy: [{field: STATUS}, {field: CREATED_AT, period: MONTH}])`.

A group column is a stored value (an enum, a foreign key with the name shown beside it)
or a date or timestamp cut to day, month or year in Beijing time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tortoise import connections
from tortoise.expressions import RawSQL
from tortoise.functions import Count

from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.core.ids import encode_id
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import FilterInput, compile_filter
from schema.models.enum_labels import zh

MAX_GROUPS = 2
MAX_BUCKETS = 1000  # more buckets than a chart can show means the grouping is wrong

# strftime / to_char patterns per period; timestamps are stored in UTC, dates as dates.
_SQLITE = {"DAY": "%Y-%m-%d", "MONTH": "%Y-%m", "YEAR": "%Y"}
_POSTGRES = {"DAY": "YYYY-MM-DD", "MONTH": "YYYY-MM", "YEAR": "YYYY"}


@dataclass(frozen=True)
class GroupColumn:
    """`column` is grouped on; `label` (a related name, `jurisdiction__name`) is shown;
    `node` makes the key a global ID of that type; `date`/`timestamp` columns need a period."""

    column: str
    label: str | None = None
    node: str | None = None
    temporal: str | None = None  # "date" or "timestamp"


# Every scoped table carries its jurisdiction: the grouping each count offers.
BY_JURISDICTION = GroupColumn("jurisdiction_id", "jurisdiction__name")


@dataclass(frozen=True)
class GroupCount:
    keys: list[str | None]
    labels: list[str | None]
    count: int


def _period_sql(dialect: str, table: str, group: GroupColumn, period: str) -> str:
    column = f'"{table}"."{group.column}"'
    if dialect == "postgres":
        if group.temporal == "timestamp":
            column = f"({column} AT TIME ZONE 'Asia/Shanghai')"
        return f"to_char({column}, '{_POSTGRES[period]}')"
    shift = ", '+8 hours'" if group.temporal == "timestamp" else ""
    return f"strftime('{_SQLITE[period]}', {column}{shift})"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


async def group_counts(
    ctx: RequestContext,
    listing: Listing,
    columns: Mapping[str, GroupColumn],
    group_by: Sequence[tuple[str, str | None]],
    filter: FilterInput | None = None,
) -> list[GroupCount]:
    """`group_by` is [(field, period)], one or two; buckets come largest first."""
    if not 1 <= len(group_by) <= MAX_GROUPS:
        raise validation("groupBy", f"请按 1 至 {MAX_GROUPS} 个字段分组",
                         f"group by 1 to {MAX_GROUPS} fields")  # fmt: skip
    model = listing.model
    dialect = connections.get("default").capabilities.dialect
    qs = visible(model, ctx.perms, listing.resource).filter(
        compile_filter(filter, listing.filters, model=model)
    )
    annotations: dict[str, Any] = {}
    selected: list[tuple[str, str | None, GroupColumn]] = []  # (selected name, label, group)
    for index, (field, period) in enumerate(group_by):
        group = columns.get(field)
        if group is None:
            raise validation(f"groupBy.{index}.field", f"不能按 {field} 分组", f"cannot group by {field}")
        if (period is None) != (group.temporal is None):
            message = ("日期字段须指定按日、月或年分组", "a date field needs a period") if group.temporal \
                else ("只有日期字段可以指定周期", "only date fields take a period")  # fmt: skip
            raise validation(f"groupBy.{index}.period", *message)
        key = f"g{index}"
        if period is not None:
            annotations[key] = RawSQL(_period_sql(dialect, model._meta.db_table, group, period))
            selected.append((key, None, group))
        else:
            selected.append((group.column, group.label, group))
    names = [name for key, label, _ in selected for name in (key, label) if name]
    rows = await (
        qs.annotate(**annotations, n=Count(model._meta.pk_attr))
        .group_by(*names)
        .order_by("-n", *names)
        .limit(MAX_BUCKETS)
        .values(*names, "n")
    )
    out = []
    for row in rows:
        keys: list[str | None] = []
        labels: list[str | None] = []
        for name, label, group in selected:
            raw = row[name]
            value = encode_id(group.node, raw) if group.node and raw is not None else _text(raw)
            keys.append(value)
            shown = row[label] if label else (zh(raw) if isinstance(raw, Enum) else value)
            labels.append(None if shown is None else str(shown))
        out.append(GroupCount(keys, labels, row["n"]))
    return out
