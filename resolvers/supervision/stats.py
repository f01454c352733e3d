"""Supervision figures (督办考核) per window, department, specialist or jurisdiction.

Every figure is a grouped aggregate in SQL, whatever the number of units, plus two
statements for the units' names. Python only adds up groups (jurisdictions roll up to the
level under the one asked for) and divides.

Two ways to the same answer:

* from the daily rollups (resolvers/deadlines/rollups.py): the period's rollup rows of
  the kind asked for (received, completed, on time / late, working days, extensions,
  ratings), the open records that are overdue today (not additive per day: counted live
  over the few open records past due) and the complaints (few, and still changing), in
  three statements. Used when the caller's scope compiles to the rollup rows' columns:
  jurisdictions, or departments when grouping by department — every office and the
  auditor;
* directly over the records (`supervision_stats_direct`, four statements): for any other
  scope (a department's admin grouping by window or specialist, a grant on an employer
  or a talent), which is narrow by nature; and the reference the rollups are tested
  against.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count, Sum
from tortoise.models import Model

from permissions.scopes import EVERYWHERE
from resolvers.core.context import RequestContext
from resolvers.deadlines import rollups
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
from schema.models import Complaint, ServiceRequest, SupervisionRollup

_COUNTED = (Measure.RECEIVED, Measure.COMPLETED, Measure.ON_TIME, Measure.LATE, Measure.OVERDUE)


_ROLLUP_KIND = {GroupBy.WINDOW: rollups.REQUEST, GroupBy.JURISDICTION: rollups.REQUEST,
                GroupBy.DEPARTMENT: rollups.DEPARTMENT, GroupBy.SPECIALIST: rollups.HANDLER}  # fmt: skip


async def supervision_stats(ctx: RequestContext, flt: PeriodFilter, group_by: GroupBy) -> list[Figures]:
    period = await resolve_period(ctx, flt)
    group_by = GroupBy(group_by)
    if not from_rollups(group_by, period.scopes):
        return await _figures(group_by, period, (_records, _extensions, _ratings, _complaints))
    await rollups.ensure_built()
    return await _figures(group_by, period, (_rolled_up, _overdue, _complaints))


async def supervision_stats_direct(
    ctx: RequestContext, flt: PeriodFilter, group_by: GroupBy
) -> list[Figures]:
    """The figures aggregated over the records themselves (the reference of the rollups)."""
    period = await resolve_period(ctx, flt)
    group_by = GroupBy(group_by)
    return await _figures(group_by, period, (_records, _extensions, _ratings, _complaints))


def from_rollups(group_by: GroupBy, scopes: frozenset[str]) -> bool:
    """Whether the caller's scope is a filter on the rollup rows' own columns: a rollup row
    knows its county, and (department rows) its department, nothing finer."""
    allowed = ("jur:", "dept:") if group_by == GroupBy.DEPARTMENT else ("jur:",)
    return all(scope == EVERYWHERE or scope.startswith(allowed) for scope in scopes)


async def _figures(group_by: GroupBy, period: Period, parts: tuple[Any, ...]) -> list[Figures]:
    unit = UNITS[group_by]
    raw: dict[Any, Figures] = defaultdict(lambda: Figures(key=""))
    # Independent statements: on PostgreSQL they run side by side on pooled connections.
    await asyncio.gather(*(part(unit, period, raw) for part in parts))
    return await unit_names(group_by, period, _roll_up(group_by, period, raw))


_SUMMED = {f"s_{name}": name for name in rollups.FIGURES}


async def _rolled_up(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    """The period's rollup rows of the unit's kind, in the caller's scope, summed per unit."""
    group_by = next(g for g, u in UNITS.items() if u is unit)
    column = "jurisdiction_id" if group_by == GroupBy.JURISDICTION else "unit_id"
    days = Q(kind=_ROLLUP_KIND[group_by], day__gte=period.first, day__lte=period.last)
    rows = await (
        SupervisionRollup.filter(_base(unit, period, SupervisionRollup) & days)
        .annotate(**{alias: Sum(name) for alias, name in _SUMMED.items()})
        .group_by(column)
        .values(column, *_SUMMED)
    )
    for row in rows:
        sums = {name: int(row[alias] or 0) for alias, name in _SUMMED.items()}
        if not any(sums.values()):  # a handler's row emptied when an accept moved its handoffs on
            continue
        key = row[column] if column == "jurisdiction_id" else (row[column] or None)
        figures = raw[key]
        for name in ("received", "completed", "on_time", "late", "workdays_total", "workdays_counted"):
            setattr(figures, name, getattr(figures, name) + sums[name])
        figures.extensions += sums["extended"]
        figures.extension_reports += sums["extension_reports"]
        for score in range(1, 6):
            if sums[f"rated_{score}"]:
                figures.ratings[score] = figures.ratings.get(score, 0) + sums[f"rated_{score}"]


async def _overdue(unit: Unit, period: Period, raw: dict[Any, Figures]) -> None:
    """Open records past due today (received by the period's end): live, as they change
    with the date; the index on (status, due_on) finds the few there are."""
    rows = await (
        unit.model.filter(_base(unit, period) & measure_q(unit, Measure.OVERDUE, period))
        .annotate(n=Count("id"))
        .group_by(unit.column)
        .values(unit.column, "n")
    )
    for row in rows:
        raw[row[unit.column]].overdue += row["n"]


def _base(unit: Unit, period: Period, model: type[Model] | None = None) -> Q:
    """The caller's scope (through the one scope helper) on the unit's records, or on the
    rollup rows, which carry the same scope columns."""
    return period.scoped(unit.resource, model or unit.model)


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
