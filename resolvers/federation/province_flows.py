"""净流入 and 服务量: `netInflow` and `serviceVolumes`, records counted by city and month.

A figure counts the caller's records of one kind whose date falls in the period, in the
month of that date: arrivals by a talent record's arrival, departures by its leaving;
requests by their receipt, completions by their completion, handoffs by their creation.
One statement: a grouped count per figure, their union summed per city and month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from tortoise.expressions import Q

from permissions.visibility import within
from resolvers.core.context import RequestContext
from resolvers.core.validation import check_jurisdiction_code
from resolvers.federation.province import Period, check_city, check_period, embedded, month_of, records
from schema.sql import fetch


class FlowGroup(str, Enum):
    CITY = "CITY"
    MONTH = "MONTH"
    CITY_MONTH = "CITY_MONTH"


@dataclass(frozen=True)
class FlowFilter:
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    city_code: str | None = None
    within_jurisdiction: str | None = None


@dataclass(frozen=True)
class Figure:
    """One figure: records of `kind` counted in the month of `column`."""

    kind: str
    column: str  # started_on or ended_on


NET_INFLOW = {"arrivals": Figure("TALENT", "started_on"), "departures": Figure("TALENT", "ended_on")}
SERVICE_VOLUMES = {
    "requests": Figure("SERVICE_REQUEST", "started_on"),
    "completed": Figure("SERVICE_REQUEST", "ended_on"),
    "handoffs": Figure("HANDOFF", "started_on"),
}


@dataclass(frozen=True)
class FlowRow:
    city: str | None  # null when grouped by month alone, or for province-level records
    city_name: str | None
    month: str | None  # 2025-03; null when grouped by city alone
    figures: dict[str, int]


async def flows(
    ctx: RequestContext, flt: FlowFilter, group: FlowGroup, figures: dict[str, Figure]
) -> list[FlowRow]:
    """`figures` (NET_INFLOW, SERVICE_VOLUMES) per city and/or month, by city then month."""
    period = check_period(flt.first_day, flt.last_day)
    place = await _place(flt)
    parts, params = [], []
    for name, figure in figures.items():
        sql, more = _counted(ctx, name, figure, figures, period, place, group)
        parts.append(sql)
        params += more
    sums = ", ".join(f'SUM(f."{name}") AS "{name}"' for name in figures)
    rows = await fetch(
        f'SELECT f.city, j."name" AS city_name, f.month, {sums} FROM ({" UNION ALL ".join(parts)}) f '
        'LEFT JOIN "jurisdiction" j ON j."code" = f.city GROUP BY f.city, j."name", f.month',
        params,
    )
    found = [
        FlowRow(r["city"], r["city_name"], r["month"], {name: int(r[name]) for name in figures}) for r in rows
    ]
    return sorted(found, key=lambda r: (r.city is None, r.city or "", r.month or ""))


async def _place(flt: FlowFilter) -> Q:
    condition = Q()
    city = await check_city(flt.city_code, "filter.cityCode")
    if city is not None:
        condition &= Q(city_code=city)
    if flt.within_jurisdiction is not None:
        code = check_jurisdiction_code(flt.within_jurisdiction, "filter.withinJurisdiction")
        condition &= within("jurisdiction_code", code)
    return condition


def _counted(ctx: RequestContext, name: str, figure: Figure, figures: dict[str, Figure], period: Period,
             place: Q, group: FlowGroup) -> tuple[str, list[object]]:  # fmt: skip
    """One figure's grouped count, with a 0 for every other figure (a branch of the union)."""
    dated = records(ctx, figure.kind).filter(
        place, **{f"{figure.column}__gte": period.first, f"{figure.column}__lte": period.last}
    )
    rows, params = embedded(dated.values("city_code", figure.column))
    city = "r.city_code" if group is not FlowGroup.MONTH else None
    month = month_of(f"r.{figure.column}") if group is not FlowGroup.CITY else None
    counts = ", ".join(f'{"COUNT(*)" if other == name else "0"} AS "{other}"' for other in figures)
    grouped = ", ".join(g for g in (city, month) if g)
    keys = f"{city or 'NULL'} AS city, {month or 'NULL'} AS month"
    return f"SELECT {keys}, {counts} FROM ({rows}) r GROUP BY {grouped}", params
