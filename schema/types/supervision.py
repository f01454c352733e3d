"""Supervision dashboard (督办考核): one row of figures per unit, and the records behind a figure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.complaints.rectification import satisfaction_level
from resolvers.supervision.figures import Figures
from resolvers.supervision.units import GroupBy, Measure
from schema.models import enums as stored
from schema.types.base import Connection, to_connection
from schema.types.complaints import Complaint, ComplaintOutcome, SatisfactionLevel
from schema.types.requests import Handoff, ServiceRequest

SupervisionGroupBy = strawberry.enum(
    GroupBy,
    name="SupervisionGroupBy",
    description="统计口径 · WINDOW 窗口 / JURISDICTION 下一级区划 (service requests); "
    "DEPARTMENT 部门 / SPECIALIST 承办专员 (handoffs)",
)
SupervisionMeasure = strawberry.enum(
    Measure,
    name="SupervisionMeasure",
    description="指标 · RECEIVED 受理 / COMPLETED 办结 / ON_TIME 按时办结 / LATE 超时办结 / "
    "OVERDUE 当前超期 / EXTENDED 延期 / EVALUATED 已评价 / COMPLAINTS 投诉",
)


@strawberry.input(description="统计范围 · a jurisdiction (and all under it) and a period of Beijing dates")
class SupervisionFilter:
    jurisdiction_code: str = strawberry.field(description="区划代码 · e.g. 130100")
    from_: dt.date | None = strawberry.field(
        default=None, name="from", description="起始日期 · first day (default: 1 January this year)"
    )
    to: dt.date | None = strawberry.field(
        default=None, description="截止日期 · last day, included (default: today)"
    )


@strawberry.type(description="满意度分布 · evaluations of one level")
class SatisfactionShare:
    score: int = strawberry.field(description="评分 · 5 … 1")
    level: SatisfactionLevel = strawberry.field(description="满意度 · level")
    count: int = strawberry.field(description="评价数 · evaluations")


@strawberry.type(description="投诉结果 · complaints of one outcome (null: not yet answered)")
class ComplaintOutcomeShare:
    outcome: ComplaintOutcome | None = strawberry.field(description="核查结果 · null while unanswered")
    count: int = strawberry.field(description="投诉数 · complaints")


@strawberry.type(description="督办考核统计 · the figures of a window, department, specialist or jurisdiction")
class SupervisionRow:
    key: str = strawberry.field(
        description="键 · the unit's global ID (jurisdiction: its code; \"\": records without a unit); "
        "pass it to supervisionRecords"
    )
    name: str = strawberry.field(description="名称 · name")
    jurisdiction_code: str | None = strawberry.field(description="所在区划 · the unit's jurisdiction")
    received: int = strawberry.field(description="受理数 · received in the period")
    completed: int = strawberry.field(description="办结数 · completed in the period")
    on_time: int = strawberry.field(description="按时办结 · completed by the (extended) due date")
    late: int = strawberry.field(description="超时办结 · completed after it")
    on_time_rate: float | None = strawberry.field(description="按时办结率 · onTime / (onTime + late), 0 … 1")
    avg_workdays: float | None = strawberry.field(description="平均办理工作日 · of those completed")
    overdue: int = strawberry.field(description="当前超期 · received by the end, open, past due today")
    extensions: int = strawberry.field(description="延期件数 · received in the period, extended (延期报备)")
    extension_reports: int = strawberry.field(description="延期报备次数 · extensions reported for them")
    satisfaction_avg: float | None = strawberry.field(description="满意度均分 · of evaluations in the period")
    satisfaction_count: int = strawberry.field(description="评价数 · evaluations in the period")
    satisfaction_distribution: list[SatisfactionShare] = strawberry.field(description="满意度分布 · 5 … 1")
    complaints: int = strawberry.field(description="投诉数 · complaints filed in the period")
    complaint_outcomes: list[ComplaintOutcomeShare] = strawberry.field(description="投诉结果 · by outcome")

    @classmethod
    def from_figures(cls, f: Figures) -> SupervisionRow:
        return cls(
            key=f.key, name=f.name, jurisdiction_code=f.jurisdiction_code, received=f.received,
            completed=f.completed, on_time=f.on_time, late=f.late, on_time_rate=f.on_time_rate,
            avg_workdays=f.avg_workdays, overdue=f.overdue, extensions=f.extensions,
            extension_reports=f.extension_reports, satisfaction_avg=f.satisfaction_avg,
            satisfaction_count=f.satisfaction_count,
            satisfaction_distribution=[
                SatisfactionShare(score=s, level=satisfaction_level(s), count=f.ratings.get(s, 0))
                for s in (5, 4, 3, 2, 1)
            ],
            complaints=f.complaints,
            complaint_outcomes=_outcomes(f.complaint_outcomes),
        )  # fmt: skip


def _outcomes(counts: dict[str | None, int]) -> list[ComplaintOutcomeShare]:
    shares = [ComplaintOutcomeShare(outcome=stored.ComplaintOutcome(o), count=counts[o])
              for o in stored.ComplaintOutcome if o in counts]  # fmt: skip
    if counts.get(None):
        shares.append(ComplaintOutcomeShare(outcome=None, count=counts[None]))
    return shares


@strawberry.type(description="穿透 · the records behind one figure; exactly one connection is set")
class SupervisionRecords:
    measure: SupervisionMeasure = strawberry.field(description="指标 · the figure")
    service_requests: Connection[ServiceRequest] | None = strawberry.field(
        description="服务申请 · WINDOW and JURISDICTION rows, and EVALUATED"
    )
    handoffs: Connection[Handoff] | None = strawberry.field(description="转办 · DEPARTMENT, SPECIALIST rows")
    complaints: Connection[Complaint] | None = strawberry.field(description="投诉 · COMPLAINTS")

    @classmethod
    def from_records(cls, records: Any) -> SupervisionRecords:
        convert = {"serviceRequests": ServiceRequest, "handoffs": Handoff, "complaints": Complaint}
        node_type = convert[records.listing]
        connection = to_connection(records.page, node_type.from_row)
        return cls(
            measure=records.measure,
            service_requests=connection if records.listing == "serviceRequests" else None,
            handoffs=connection if records.listing == "handoffs" else None,
            complaints=connection if records.listing == "complaints" else None,
        )
