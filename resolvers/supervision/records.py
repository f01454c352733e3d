"""The records behind one supervision figure (穿透查询): the row's unit and the figure's
measure become a filter on the ordinary listings, which add the caller's read scope
and keyset paging. Built from the same filters as the figure, the total is the figure."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q, Subquery

from permissions.scopes import jurisdiction_prefix
from permissions.visibility import NOTHING, q_of, within
from resolvers.complaints.handling import COMPLAINTS
from resolvers.core.context import RequestContext
from resolvers.core.errors import not_found
from resolvers.core.ids import decode_id, decode_int_id, int_key
from resolvers.listing.pagination import Page
from resolvers.requests.listings import HANDOFFS, SERVICE_REQUESTS
from resolvers.supervision.names import specialists_of
from resolvers.supervision.units import (
    UNITS,
    GroupBy,
    Measure,
    Period,
    PeriodFilter,
    child_of,
    complaints_q,
    measure_q,
    rated,
    resolve_period,
)
from schema.models import Handoff, Specialist

KEY = "key"


@dataclass(frozen=True)
class Records:
    measure: Measure
    listing: str  # "serviceRequests" | "handoffs" | "complaints"
    page: Page


async def supervision_records(
    ctx: RequestContext, flt: PeriodFilter, group_by: GroupBy, key: str, measure: Measure,
    first: int | None = None, after: str | None = None,
) -> Records:  # fmt: skip
    period = await resolve_period(ctx, flt)
    group_by = GroupBy(group_by)
    measure = Measure(measure)
    unit = UNITS[group_by]
    complaint_unit, record_unit = await _unit_filters(group_by, key, period)
    paging = {"first": first, "after": after}
    if measure == Measure.COMPLAINTS:
        page = await COMPLAINTS.page(ctx, extra=complaints_q(unit, period) & complaint_unit, **paging)
        return Records(measure, "complaints", page)
    scoped = period.scoped(unit.resource, unit.model) & record_unit
    if measure == Measure.EVALUATED and not unit.per_request:
        handled = Handoff.filter(scoped).values("request_id")
        extra = Q(id__in=Subquery(handled)) & rated(period)
        return Records(measure, "serviceRequests", await SERVICE_REQUESTS.page(ctx, extra=extra, **paging))
    extra = scoped & measure_q(unit, measure, period)
    if unit.per_request:
        return Records(measure, "serviceRequests", await SERVICE_REQUESTS.page(ctx, extra=extra, **paging))
    return Records(measure, "handoffs", await HANDOFFS.page(ctx, extra=extra, **paging))


async def _unit_filters(group_by: GroupBy, key: str, period: Period) -> tuple[Q, Q]:
    """(complaints of the unit, records of the unit) for a row's key."""
    if group_by == GroupBy.JURISDICTION:
        code = _child_code(key, period)
        if code == period.code:  # 本级: the jurisdiction's own records, not those under it
            return Q(jurisdiction_id=code), Q(jurisdiction_id=code)
        return within("jurisdiction_id", code), within("jurisdiction_id", code)
    if group_by == GroupBy.WINDOW:
        return _by_id(key, "ServiceWindow", "window_id", "window_id")
    if group_by == GroupBy.DEPARTMENT:
        return _by_id(key, "Department", "department_id", "department_id")
    return await _specialist(key)


def _by_id(key: str, type_name: str, complaint_column: str, column: str) -> tuple[Q, Q]:
    if key == "":
        return NOTHING, q_of({f"{column}__isnull": True})
    unit_id = decode_int_id(key, type_name, KEY)
    return q_of({complaint_column: unit_id}), q_of({column: unit_id})


async def _specialist(key: str) -> tuple[Q, Q]:
    """A specialist's complaints, and the handoffs of their user when the figures credit
    that user's handoffs to this specialist (`specialists_of`)."""
    if key == "":
        return NOTHING, Q(handler_id__isnull=True)
    type_name, raw = decode_id(key, KEY)
    user_id = int_key("User", raw) if type_name == "User" else None
    if user_id is not None:
        has_profile = user_id in await specialists_of([user_id])
        return NOTHING, (NOTHING if has_profile else Q(handler_id=user_id))
    specialist_id = decode_int_id(key, "Specialist", KEY)
    specialist = await Specialist.get_or_none(id=specialist_id)
    if specialist is None:
        raise not_found(KEY, "服务专员", "Specialist")
    credited_to = await specialists_of([specialist.user_id])
    credited = specialist.user_id is not None and credited_to.get(specialist.user_id) == specialist.id
    return Q(specialist_id=specialist.id), (Q(handler_id=specialist.user_id) if credited else NOTHING)


def _child_code(key: str, period: Period) -> str:
    """A jurisdiction row's key: the code asked for (本级) or one directly under it."""
    prefix = jurisdiction_prefix(period.code)
    if key != period.code and not (key.isdigit() and len(key) == 6 and key.startswith(prefix)
                                   and child_of(period.code, key) == key):  # fmt: skip
        raise not_found(KEY, "区划统计行", "jurisdiction row")
    return key

