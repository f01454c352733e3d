"""Supervision dashboard (督办考核): `supervisionStats` and its drill-down `supervisionRecords`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.supervision.records import supervision_records
from resolvers.supervision.stats import supervision_stats
from resolvers.supervision.units import PeriodFilter
from schema.types.common import ctx
from schema.types.supervision import (
    SupervisionFilter,
    SupervisionGroupBy,
    SupervisionMeasure,
    SupervisionRecords,
    SupervisionRow,
)


def _period(flt: SupervisionFilter) -> PeriodFilter:
    return PeriodFilter(flt.jurisdiction_code, first=flt.from_, last=flt.to)


@strawberry.type
class SupervisionQueries:
    @strawberry.field(description="督办考核统计 · figures per window, department, specialist or jurisdiction "
                      "for a period (offices, auditors; a department's admin: its own handoffs)")  # fmt: skip
    async def supervision_stats(
        self, info: strawberry.Info, filter: SupervisionFilter,
        group_by: Annotated[SupervisionGroupBy, strawberry.argument(description="统计口径 · unit")],
    ) -> list[SupervisionRow]:  # fmt: skip
        rows = await supervision_stats(ctx(info), _period(filter), group_by)
        return [SupervisionRow.from_figures(r) for r in rows]

    @strawberry.field(description="督办穿透 · the records behind one figure of supervisionStats")
    async def supervision_records(
        self, info: strawberry.Info, filter: SupervisionFilter,
        group_by: Annotated[SupervisionGroupBy, strawberry.argument(description="统计口径 · unit")],
        key: Annotated[str, strawberry.argument(description="行键 · the row's key")],
        measure: Annotated[SupervisionMeasure, strawberry.argument(description="指标 · the figure")],
        first: int | None = None,
        after: str | None = None,
    ) -> SupervisionRecords:  # fmt: skip
        records = await supervision_records(ctx(info), _period(filter), group_by, key, measure, first, after)
        return SupervisionRecords.from_records(records)
