"""The province's views over its store (省级平台): what they share.

Every view reads `source_record` through the one scope helper on resource
`province_record`: a record the caller may not see, or one gone at its source (`deleted`),
shows nowhere and counts nowhere. Aggregates are hand-written statements around the
helper's own SQL (`embedded`), so the scope is written in one place whatever the view.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.queryset import QuerySet

from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.core.validation import check_jurisdiction_code
from resolvers.listing.compiled.statement import sql_of
from schema.clock import add_years, china_today
from schema.models import Jurisdiction, SourceRecord
from schema.models.enums import JurisdictionLevel

RESOURCE = "province_record"
MAX_YEARS = 10  # a period of flows; by month that is 120 buckets a city

_PLACE = re.compile(r"\$(\d+)")


def records(ctx: RequestContext, kind: str) -> QuerySet[SourceRecord]:
    """The caller's records of `kind` (TALENT, CARD …) that still exist at their source."""
    return visible(SourceRecord, ctx.perms, RESOURCE).filter(kind=kind, deleted=False)


def postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


def embedded(queryset: Any) -> tuple[str, list[Any]]:
    """`queryset`'s SQL with `?` marks on both backends, to be placed inside a statement
    that `schema.sql.fetch` numbers for PostgreSQL, and its parameters in that order."""
    sql, params = sql_of(queryset)
    if not postgres():
        return sql, params
    ordered: list[Any] = []

    def mark(match: re.Match[str]) -> str:
        ordered.append(params[int(match.group(1)) - 1])
        return "?"

    return _PLACE.sub(mark, sql), ordered


def month_of(column: str) -> str:
    """SQL for the month (2025-03) of a date column; SQLite keeps dates as ISO text."""
    return f"to_char({column}, 'YYYY-MM')" if postgres() else f"substr({column}, 1, 7)"


def json_text(column: str, *path: str) -> str:
    """SQL for the text at `path` in a JSON column (`data`, "tier", "name")."""
    if postgres():
        steps = "".join(f"->'{step}'" for step in path[:-1])
        return f"({column}{steps}->>'{path[-1]}')"
    return f"json_extract({column}, '$.{'.'.join(path)}')"


async def check_city(code: str | None, field: str) -> str | None:
    """A city's code (370200) as the local jurisdiction table knows it, or VALIDATION."""
    if code is None:
        return None
    code = check_jurisdiction_code(code, field)
    if not await Jurisdiction.exists(code=code, level=JurisdictionLevel.CITY):
        raise validation(field, f"{code} 不是已知的地市代码", f"{code} is not the code of a known city")
    return code


@dataclass(frozen=True)
class Period:
    """Beijing dates `first` … `last`, both included."""

    first: dt.date
    last: dt.date


def check_period(first: dt.date | None, last: dt.date | None) -> Period:
    """`from` … `to` (default: 1 January this year to today), at most MAX_YEARS long."""
    today = china_today()
    first = first or (last or today).replace(month=1, day=1)
    last = last or today
    if first > last:
        raise validation("filter.from", "开始日期不能晚于结束日期", "`from` must not be after `to`")
    if last >= add_years(first, MAX_YEARS):
        raise validation("filter.to", f"统计期间最长 {MAX_YEARS} 年", f"at most {MAX_YEARS} years")
    return Period(first, last)
