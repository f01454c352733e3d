"""What the supervision dashboard (督办考核) counts and over which units.

A *unit* is what a row of `supervisionStats` stands for: a service window or a
jurisdiction (their service requests), a department or a handling specialist (their
handoffs). A *measure* is one figure of a row, as a filter; the figure and its
drill-down (`supervisionRecords`) are built from the same filter, so they cannot differ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import partial

from tortoise.expressions import Q, Subquery
from tortoise.models import Model

from permissions.scopes import EVERYWHERE, covers, jur
from permissions.visibility import q_of, scope_filter, within
from resolvers.core.context import RequestContext
from resolvers.core.errors import forbidden, not_found, validation
from resolvers.core.validation import check_jurisdiction_code
from resolvers.requests.flow import OPEN_HANDOFF, OPEN_REQUEST
from schema.clock import CHINA_TIME, china_today
from schema.models import Complaint, Handoff, Jurisdiction, ServiceRequest
from schema.models.enums import ComplaintKind

MAX_SPAN_DAYS = 366
RESOURCE = "supervision_record"


class GroupBy(str, Enum):
    WINDOW = "WINDOW"
    DEPARTMENT = "DEPARTMENT"
    SPECIALIST = "SPECIALIST"
    JURISDICTION = "JURISDICTION"


class Measure(str, Enum):
    RECEIVED = "RECEIVED"  # received in the period
    COMPLETED = "COMPLETED"  # ended in the period
    ON_TIME = "ON_TIME"  # ended in the period by their (extended) due date
    LATE = "LATE"  # ended in the period after it
    OVERDUE = "OVERDUE"  # received by the period's end, open and past due today
    EXTENDED = "EXTENDED"  # received in the period, due date extended at least once
    EVALUATED = "EVALUATED"  # requests rated in the period
    COMPLAINTS = "COMPLAINTS"  # complaints filed in the period


@dataclass(frozen=True)
class Unit:
    model: type[Model]  # ServiceRequest or Handoff: the records counted
    resource: str  # their scope columns (permissions/resources.py)
    received: str  # when a record came in
    column: str  # the record's unit
    open_states: tuple[object, ...]
    complaint_column: str  # the complaint's unit

    @property
    def per_request(self) -> bool:
        return self.model is ServiceRequest


_REQUESTS = partial(Unit, model=ServiceRequest, resource="service_request", received="received_at",
                   open_states=OPEN_REQUEST)  # fmt: skip
_HANDOFFS = partial(Unit, model=Handoff, resource="handoff", received="created_at", open_states=OPEN_HANDOFF)
UNITS = {
    GroupBy.WINDOW: _REQUESTS(column="window_id", complaint_column="window_id"),
    GroupBy.JURISDICTION: _REQUESTS(column="jurisdiction_id", complaint_column="jurisdiction_id"),
    GroupBy.DEPARTMENT: _HANDOFFS(column="department_id", complaint_column="department_id"),
    GroupBy.SPECIALIST: _HANDOFFS(column="handler_id", complaint_column="specialist_id"),
}


@dataclass(frozen=True)
class Period:
    """A jurisdiction and Beijing dates `first` … `last`, both included."""

    code: str
    first: dt.date
    last: dt.date
    scopes: frozenset[str]

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), CHINA_TIME).astimezone(dt.UTC)

    @property
    def end(self) -> dt.datetime:
        day_after = self.last + dt.timedelta(days=1)
        return dt.datetime.combine(day_after, dt.time(), CHINA_TIME).astimezone(dt.UTC)

    def scoped(self, resource: str, model: type[Model], column: str = "jurisdiction_id") -> Q:
        """The caller's supervision scopes on `resource`'s columns, under the code."""
        condition = scope_filter(resource, self.scopes, model)
        area = within(column, self.code)
        return area if condition is None else area & condition


@dataclass(frozen=True)
class PeriodFilter:
    """What the figures cover: a jurisdiction (and all under it) and Beijing dates
    `first` … `last`, both included (defaults: 1 January this year, today)."""

    jurisdiction_code: str
    first: dt.date | None = None
    last: dt.date | None = None


async def resolve_period(ctx: RequestContext, flt: PeriodFilter) -> Period:
    """Check the filter: an existing jurisdiction the caller supervises some of, and a
    period of at most a year (default: this year so far)."""
    scopes = ctx.perms.scopes_for(RESOURCE, "read")
    if not scopes:
        raise forbidden(None, "您无权查看督办考核数据", "you may not read supervision figures")
    code = check_jurisdiction_code(flt.jurisdiction_code or "", "filter.jurisdictionCode")
    today = china_today()
    first = flt.first or today.replace(month=1, day=1)
    last = flt.last or today
    if first > last:
        raise validation("filter.from", "开始日期不能晚于结束日期", "`from` must not be after `to`")
    if (last - first).days >= MAX_SPAN_DAYS:
        raise validation(
            "filter.to", f"统计期间最长 {MAX_SPAN_DAYS} 天", f"a period spans at most {MAX_SPAN_DAYS} days"
        )
    if not await Jurisdiction.exists(code=code):
        raise not_found("filter.jurisdictionCode", "行政区划", "jurisdiction")
    if not _overlaps(scopes, code):
        raise forbidden(
            "filter.jurisdictionCode", "该区划不在您的督办范围内", "you do not supervise this jurisdiction"
        )
    return Period(code, first, last, scopes)


def _overlaps(scopes: frozenset[str], code: str) -> bool:
    """A jurisdiction scope above or below the code; department scopes are narrowed in SQL."""
    if EVERYWHERE in scopes or any(not s.startswith("jur:") for s in scopes):
        return True
    return any(covers(s, jur(code)) or covers(jur(code), s) for s in scopes)


def measure_q(unit: Unit, measure: Measure, period: Period) -> Q:
    """Records of `unit.model` behind `measure` (before scope and unit)."""
    received = q_of({f"{unit.received}__gte": period.start, f"{unit.received}__lt": period.end})
    completed = Q(completed_on__gte=period.first, completed_on__lte=period.last)
    if measure == Measure.RECEIVED:
        return received
    if measure == Measure.COMPLETED:
        return completed
    if measure == Measure.ON_TIME:
        return completed & Q(on_time=True)
    if measure == Measure.LATE:
        return completed & Q(on_time=False)
    if measure == Measure.OVERDUE:
        return q_of({"status__in": list(unit.open_states), "due_on__lt": china_today(),
                     f"{unit.received}__lt": period.end})  # fmt: skip
    if measure == Measure.EXTENDED:
        if unit.per_request:
            extended = Handoff.filter(extension_count__gt=0).values("request_id")
            return received & Q(id__in=Subquery(extended))
        return received & Q(extension_count__gt=0)
    if measure == Measure.EVALUATED:
        return rated(period, "evaluation__" if unit.per_request else "request__evaluation__")
    raise ValueError(measure)


def rated(period: Period, evaluation: str = "evaluation__") -> Q:
    """Records whose request was rated in the period, through the one-to-one join to its
    evaluation at `evaluation` (the join that also brings the score)."""
    return q_of({f"{evaluation}created_at__gte": period.start, f"{evaluation}created_at__lt": period.end})


def complaints_q(unit: Unit, period: Period) -> Q:
    """Complaints (not rectification tasks) filed in the period and, except by
    jurisdiction, attributed to a unit of this kind."""
    condition = Q(kind=ComplaintKind.COMPLAINT, created_at__gte=period.start, created_at__lt=period.end)
    if unit.complaint_column != "jurisdiction_id":
        condition &= q_of({f"{unit.complaint_column}__isnull": False})
    return condition & period.scoped("complaint", Complaint)


def child_of(code: str, row_code: str) -> str:
    """The jurisdiction directly under `code` that `row_code` lies in; `code` itself for
    records of the jurisdiction's own level (本级)."""
    if code.endswith("0000"):
        return row_code[:4] + "00"
    return row_code if code.endswith("00") else code
