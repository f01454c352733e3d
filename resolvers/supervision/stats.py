"""Supervision figures (督办考核) per window, department, specialist or jurisdiction.

Every figure is a grouped aggregate in SQL: four statements whatever the number of
units (records, extensions, ratings, complaints) and two for the units' names. Python
only adds up groups (jurisdictions roll up to the level under the one asked for) and
divides.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from resolvers.core.context import RequestContext
from resolvers.supervision.figures import Figures
from resolvers.supervision.names import unit_names
from resolvers.supervision.units import (
    UNITS,
    GroupBy,
    Measure,
    Period,
    PeriodFilter,
    Unit,
    child_of,
    complaints_q,
    measure_q,
    resolve_period,
)
from schema.models import Complaint, ServiceRequest

_COUNTED = (Measure.RECEIVED, Measure.COMPLETED, Measure.ON_TIME, Measure.LATE, Measure.OVERDUE)


async def supervision_stats(ctx: RequestContext, flt: PeriodFilter, group_by: GroupBy) -> list[Figures]:
    period = await resolve_period(ctx, flt)
    group_by = GroupBy(group_by)
    unit = UNITS[group_by]
    raw: dict[Any, Figures] = defaultdict(lambda: Figures(key=""))
    # Independent statements: on PostgreSQL they run side by side on pooled connections.
    parts = (_records, _extensions, _ratings, _complaints)
    await asyncio.gather(*(part(unit, period, raw) for part in parts))
    return await unit_names(group_by, period, _roll_up(group_by, period, raw))


def _base(unit: Unit, period: Period) -> Q:
    return period.scoped(unit.resource, unit.model)


async def _records(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    q = {m: measure_q(unit, m, period) for m in _COUNTED}
    completed = q[Measure.COMPLETED]
    aggregates: dict[str, Any] = {
        "n_" + m.value: Count("id", _filter=q[m]) for m in _COUNTED
    } | {
        "workdays_total": Sum("workdays_taken", _filter=completed),
        "workdays_counted": Count("workdays_taken", _filter=completed),
    }
    if not unit.per_request:
        extended = measure_q(unit, Measure.EXTENDED, period)
        aggregates |= {"n_extended": Count("id", _filter=extended),
                       "extension_reports": Sum("extension_count", _filter=extended)}  # fmt: skip
    # Only records that can count at all: an OR of indexed conditions, not the whole history.
    touched = Q(q[Measure.RECEIVED], completed, q[Measure.OVERDUE], join_type=Q.OR)
    rows = await (
        unit.model.filter(_base(unit, period) & touched)
        .annotate(**aggregates)
        .group_by(unit.column)
        .values(unit.column, *aggregates)
    )
    for row in rows:
        figures = raw[row[unit.column]]
        figures.received += row["n_RECEIVED"]
        figures.completed += row["n_COMPLETED"]
        figures.on_time += row["n_ON_TIME"]
        figures.late += row["n_LATE"]
        figures.overdue += row["n_OVERDUE"]
        figures.workdays_total += int(row["workdays_total"] or 0)
        figures.workdays_counted += row["workdays_counted"]
        figures.extensions += row.get("n_extended", 0)
        figures.extension_reports += int(row.get("extension_reports") or 0)


async def _extensions(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    """Per request: how many requests had a handoff extended, and how many extensions (a
    join from the few extended handoffs, not a semi-join over every request)."""
    if not unit.per_request:
        return
    received = measure_q(unit, Measure.RECEIVED, period)
    rows = await (
        ServiceRequest.filter(_base(unit, period) & received & Q(handoffs__extension_count__gt=0))
        .annotate(extended=Count("id", distinct=True), reports=Sum("handoffs__extension_count"))
        .group_by(unit.column)
        .values(unit.column, "extended", "reports")
    )
    for row in rows:
        figures = raw[row[unit.column]]
        figures.extensions += row["extended"]
        figures.extension_reports += int(row["reports"] or 0)


async def _ratings(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    """Evaluations given in the period, per score; a department counts each request once."""
    if unit.per_request:
        score, counted = "evaluation__score", Count("id")
    else:
        score, counted = "request__evaluation__score", Count("request_id", distinct=True)
    rows = await (
        unit.model.filter(_base(unit, period) & measure_q(unit, Measure.EVALUATED, period))
        .annotate(n=counted)
        .group_by(unit.column, score)
        .values(unit.column, score, "n")
    )
    for row in rows:
        ratings = raw[row[unit.column]].ratings
        ratings[row[score]] = ratings.get(row[score], 0) + row["n"]


async def _complaints(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    column = unit.complaint_column
    rows = await (
        Complaint.filter(complaints_q(unit, period))
        .annotate(n=Count("id"))
        .group_by(column, "outcome")
        .values(column, "outcome", "n")
    )
    for row in rows:
        # A complaint's specialist is a Specialist; a handoff's handler is their user.
        key = ("specialist", row[column]) if unit is UNITS[GroupBy.SPECIALIST] else row[column]
        outcomes = raw[key].complaint_outcomes
        outcome = getattr(row["outcome"], "value", row["outcome"])
        outcomes[outcome] = outcomes.get(outcome, 0) + row["n"]


def _roll_up(group_by: GroupBy, period: Period, raw: dict[Any, Figures]) -> dict[Any, Figures]:
    """By jurisdiction, records of a county count for its city when a province is asked."""
    if group_by != GroupBy.JURISDICTION:
        return dict(raw)
    rolled: dict[Any, Figures] = defaultdict(lambda: Figures(key=""))
    for code, figures in raw.items():
        rolled[child_of(period.code, code)].add(figures)
    return dict(rolled)
