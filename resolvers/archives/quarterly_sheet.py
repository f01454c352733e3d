"""The workbook of a county window's quarterly service archive (服务工作档案).

Sheets: 汇总 (cover and figures), 办件明细 (every request the window received in the
quarter), 服务档案 (archive entries of the county), 满意度评价, 投诉处理. The figures are SQL
aggregates; the detail sheets read their rows in keyset batches. The archive is filed
to another office, so every ID number is masked and no phone or address is written,
whoever generates it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from permissions.masking import mask_id_number, mask_name
from resolvers.archives.export import STATUS_LABELS
from resolvers.files.xlsx import Cell, sheet_row
from schema.clock import CHINA_TIME
from schema.models import (
    ArchiveEntry,
    Complaint,
    Evaluation,
    Handoff,
    Jurisdiction,
    ServiceRequest,
    ServiceRequestItem,
    ServiceWindow,
)
from schema.models.enums import ComplaintKind

if TYPE_CHECKING:
    from resolvers.archives.quarterly import Quarter

SUMMARY, REQUESTS, ENTRIES, EVALUATIONS, COMPLAINTS = "汇总", "办件明细", "服务档案", "满意度评价", "投诉处理"
SHEETS = (SUMMARY, REQUESTS, ENTRIES, EVALUATIONS, COMPLAINTS)
BATCH = 1000
_BOLD = Font(bold=True)

REQUEST_STATUS = {**STATUS_LABELS, "RECEIVED": "已受理", "DISPATCHED": "已转办", "IN_PROGRESS": "办理中"}
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
COMPLAINT_KIND = {"COMPLAINT": "投诉", "RECTIFICATION": "差评整改"}
COMPLAINT_SOURCE = {"HOTLINE": "热线", "ONLINE": "网上", "WINDOW": "窗口当面", "EVALUATION": "差评整改"}
COMPLAINT_STATUS = {"RECEIVED": "已受理", "ROUTED": "已转办", "ANSWERED": "已反馈", "CLOSED": "已回访办结"}
COMPLAINT_OUTCOME = {"SUBSTANTIATED": "属实", "PARTLY_SUBSTANTIATED": "部分属实", "UNFOUNDED": "不属实",
                     "RECTIFIED": "已整改"}  # fmt: skip
CALLBACK = {"SATISFIED": "满意", "BASICALLY_SATISFIED": "基本满意", "DISSATISFIED": "不满意",
            "UNREACHABLE": "无法联系"}  # fmt: skip

REQUEST_COLUMNS = ("办件编号", "受理时间", "人才姓名", "证件号码", "服务事项", "承办部门", "办件状态",
                   "办理时限", "办结日期", "是否按时", "用时(工作日)")  # fmt: skip
ENTRY_COLUMNS = ("办件编号", "人才姓名", "证件号码", "档案摘要", "建档时间")
EVALUATION_COLUMNS = ("办件编号", "人才姓名", "评价等级", "分值", "评价意见", "评价时间")
COMPLAINT_COLUMNS = ("编号", "类型", "来源", "投诉人", "事由", "关联办件", "转办至", "办理时限", "状态",
                     "反馈时间", "按时反馈", "处理结果", "回访结果")  # fmt: skip


@dataclass(frozen=True)
class ArchiveSubject:
    """What one archive covers and who filed it where."""

    window: ServiceWindow
    county: Jurisdiction
    filed_to: ServiceWindow | None
    quarter: Quarter
    generated_at: dt.datetime
    generated_by: str


@dataclass(frozen=True)
class ArchiveBook:
    content: bytes
    request_count: int  # 受理件数
    row_count: int  # lines of 办件明细


# -- figures (SQL aggregates) -------------------------------------------------------------


def _received(subject: ArchiveSubject) -> QuerySet:
    low, high = subject.quarter.utc_bounds()
    return ServiceRequest.filter(window_id=subject.window.id, received_at__gte=low, received_at__lt=high)


async def _one(qs: QuerySet, **aggregates: Any) -> dict[str, Any]:
    """One row of aggregates over the whole queryset (no GROUP BY)."""
    rows = await qs.annotate(**aggregates).values(*aggregates)
    return rows[0] if rows else dict.fromkeys(aggregates)


async def request_figures(subject: ArchiveSubject) -> dict[str, Any]:
    """Requests received in the quarter: settled by its last day, on time, late, still open
    past their due date at its end. A NULL `on_time` (written at completion) is unknown."""
    end = subject.quarter.end
    _, high = subject.quarter.utc_bounds()
    settled = Q(completed_on__lte=end, withdrawn_at__isnull=True)
    unsettled = Q(Q(completed_on__isnull=True) | Q(completed_on__gt=end),
                  Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=high))  # fmt: skip
    figures = await _one(
        _received(subject),
        received=Count("id"),
        completed=Count("id", _filter=settled),
        in_time=Count("id", _filter=Q(settled, on_time=True)),
        late=Count("id", _filter=Q(settled, on_time=False)),
        timing_unknown=Count("id", _filter=Q(settled, on_time__isnull=True)),
        open_overdue=Count("id", _filter=Q(unsettled, due_on__lte=end)),
        withdrawn=Count("id", _filter=Q(withdrawn_at__lt=high)),
        # Sum and count rather than Avg, which the ORM would round to the column's integer type.
        workdays_sum=Sum("workdays_taken", _filter=settled),
        workdays_known=Count("workdays_taken", _filter=settled),
    )
    extensions = await _one(
        Handoff.filter(request_id__in=Subquery(_received(subject).values("id"))),
        extensions=Sum("extension_count"),
        extended_requests=Count("request_id", distinct=True, _filter=Q(extension_count__gt=0)),
    )
    return {**figures, **extensions}


def _evaluated(subject: ArchiveSubject) -> QuerySet:
    low, high = subject.quarter.utc_bounds()
    of_window = ServiceRequest.filter(window_id=subject.window.id).values("id")
    return Evaluation.filter(request_id__in=Subquery(of_window), created_at__gte=low, created_at__lt=high)


async def evaluation_figures(subject: ArchiveSubject) -> dict[int, int]:
    """Evaluations made in the quarter of the window's requests: how many of each score."""
    rows = await _evaluated(subject).annotate(n=Count("id")).group_by("score").values("score", "n")
    return {r["score"]: r["n"] for r in rows}


def _complaints(subject: ArchiveSubject) -> QuerySet:
    low, high = subject.quarter.utc_bounds()
    return Complaint.filter(jurisdiction_id=subject.county.code, created_at__gte=low, created_at__lt=high)


async def complaint_figures(subject: ArchiveSubject) -> dict[str, dict[str, int]]:
    """Complaints and rectification tasks of the county received in the quarter, per kind:
    how many, answered by its end, answered within their time limit."""
    _, high = subject.quarter.utc_bounds()
    answered = Q(answered_at__lt=high)
    rows = await _complaints(subject).annotate(
        received=Count("id"),
        answered=Count("id", _filter=answered),
        on_time=Count("id", _filter=Q(answered, answered_on_time=True)),
    ).group_by("kind").values("kind", "received", "answered", "on_time")  # fmt: skip
    return {_plain(r["kind"]): r for r in rows}


async def entry_count(subject: ArchiveSubject) -> int:
    return await _entries(subject).count()


# -- detail rows --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _beijing(value: dt.datetime | None) -> dt.datetime | None:
    # Excel has no time zones: Beijing wall-clock time, as the offices read it.
    return value.astimezone(CHINA_TIME).replace(tzinfo=None) if value else None


async def _batches(qs: QuerySet, *columns: str) -> AsyncIterator[list[dict[str, Any]]]:
    """Rows of `qs` in id order, BATCH at a time (keyset on id)."""
    last = 0
    while True:
        rows = await qs.filter(id__gt=last).order_by("id").limit(BATCH).values("id", *columns)
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


async def _names_by_request(model: Any, request_ids: list[int], column: str) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for request_id, name in await model.filter(request_id__in=request_ids).order_by("id").values_list(
        "request_id", column
    ):  # fmt: skip
        if name not in names[request_id]:
            names[request_id].append(name)
    return names


def _timing(row: dict[str, Any]) -> str | None:
    if row["completed_on"] is None:
        return None
    return {True: "是", False: "否"}.get(row["on_time"], "未知")


async def request_lines(subject: ArchiveSubject) -> AsyncIterator[list[Cell]]:
    columns = ("number", "received_at", "talent__name", "talent__id_number", "status", "due_on",
               "completed_on", "on_time", "workdays_taken")  # fmt: skip
    async for rows in _batches(_received(subject), *columns):
        ids = [r["id"] for r in rows]
        items = await _names_by_request(ServiceRequestItem, ids, "item__name")
        departments = await _names_by_request(Handoff, ids, "department__name")
        for r in rows:
            status = _plain(r["status"])
            yield [
                r["number"], _beijing(r["received_at"]), r["talent__name"],
                mask_id_number(r["talent__id_number"]), "、".join(items[r["id"]]),
                "、".join(departments[r["id"]]), REQUEST_STATUS.get(status, status), r["due_on"],
                r["completed_on"], _timing(r), r["workdays_taken"],
            ]  # fmt: skip


def _entries(subject: ArchiveSubject) -> QuerySet:
    low, high = subject.quarter.utc_bounds()
    return ArchiveEntry.filter(jurisdiction_id=subject.county.code, created_at__gte=low, created_at__lt=high)


async def entry_lines(subject: ArchiveSubject) -> AsyncIterator[list[Cell]]:
    columns = ("request__number", "talent__name", "talent__id_number", "summary", "created_at")
    async for rows in _batches(_entries(subject), *columns):
        for r in rows:
            yield [r["request__number"], r["talent__name"], mask_id_number(r["talent__id_number"]),
                   r["summary"], _beijing(r["created_at"])]  # fmt: skip


async def evaluation_lines(subject: ArchiveSubject) -> AsyncIterator[list[Cell]]:
    columns = ("request__number", "request__talent__name", "score", "comment", "created_at")
    async for rows in _batches(_evaluated(subject), *columns):
        for r in rows:
            yield [r["request__number"], r["request__talent__name"], LEVELS.get(r["score"]), r["score"],
                   r["comment"], _beijing(r["created_at"])]  # fmt: skip


async def complaint_lines(subject: ArchiveSubject) -> AsyncIterator[list[Cell]]:
    columns = ("number", "kind", "source", "complainant_name", "subject", "request__number",
               "department__name", "window__name", "due_on", "status", "answered_at", "answered_on_time",
               "outcome", "callback_result")  # fmt: skip
    async for rows in _batches(_complaints(subject), *columns):
        for r in rows:
            on_time = r["answered_on_time"]
            yield [
                r["number"], COMPLAINT_KIND.get(_plain(r["kind"])), COMPLAINT_SOURCE.get(_plain(r["source"])),
                mask_name(r["complainant_name"]), r["subject"], r["request__number"],
                r["department__name"] or r["window__name"], r["due_on"],
                COMPLAINT_STATUS.get(_plain(r["status"])), _beijing(r["answered_at"]),
                None if on_time is None else ("是" if on_time else "否"),
                COMPLAINT_OUTCOME.get(_plain(r["outcome"])), CALLBACK.get(_plain(r["callback_result"])),
            ]  # fmt: skip


# -- the workbook -------------------------------------------------------------------------


def _ratio(part: int, whole: int, digits: int = 4) -> float | None:
    return round(part / whole, digits) if whole else None


async def summary_lines(subject: ArchiveSubject, r: dict[str, Any]) -> list[list[Cell]]:
    """The cover (who, where to, which quarter) and the quarter's figures, label and value."""
    q, window, county = subject.quarter, subject.window, subject.county
    levels = await evaluation_figures(subject)
    complaints = await complaint_figures(subject)
    nothing = {"received": 0, "answered": 0, "on_time": 0}
    complaint, rectification = (complaints.get(k.value, nothing)
                                for k in (ComplaintKind.COMPLAINT, ComplaintKind.RECTIFICATION))  # fmt: skip
    evaluated = sum(levels.values())
    average = _ratio(sum(score * n for score, n in levels.items()), evaluated, 2)
    rated: list[list[Cell]] = [[f"评价：{label}", levels.get(score, 0)] for score, label in LEVELS.items()]
    return [
        ["报送单位", window.name],
        ["所属区划", f"{county.name}（{county.code}）"],
        ["报送至", subject.filed_to.name if subject.filed_to else None],
        ["报告期", f"{q.year}年第{q.quarter}季度"],
        ["统计期间", f"{q.start.isoformat()} 至 {q.end.isoformat()}"],
        ["生成时间", _beijing(subject.generated_at)],
        ["生成人", subject.generated_by],
        [],
        ["受理件数", r["received"]],
        ["办结件数（截至季末）", r["completed"]],
        ["按时办结件数", r["in_time"]],
        ["逾期办结件数", r["late"]],
        ["按时情况未知件数", r["timing_unknown"]],
        ["季末超期未结件数", r["open_overdue"]],
        ["超期件数", r["late"] + r["open_overdue"]],
        ["撤回件数", r["withdrawn"]],
        ["按时办结率", _ratio(r["in_time"], r["in_time"] + r["late"])],
        ["平均办理用时（工作日）", _ratio(r["workdays_sum"] or 0, r["workdays_known"], 2)],
        ["延期报备次数", int(r["extensions"] or 0)],
        ["延期办件数", r["extended_requests"]],
        [],
        ["满意度评价件数", evaluated],
        ["满意度平均分", average],
        *rated,
        [],
        ["投诉受理件数", complaint["received"]],
        ["投诉已反馈件数", complaint["answered"]],
        ["投诉按时反馈件数", complaint["on_time"]],
        ["差评整改件数", rectification["received"]],
        ["差评整改已反馈件数", rectification["answered"]],
        ["服务档案建档条数", await entry_count(subject)],
    ]


def _sheet(book: Workbook, title: str, headers: Sequence[str], lines: Iterable[Sequence[Cell]]) -> None:
    """A sheet of a bold header row and its lines (openpyxl formats plain dates as dates;
    text goes in as typed, never as a formula: resolvers/files/xlsx.py text_cell)."""
    sheet = book.create_sheet(title=title)
    sheet.append(sheet_row(sheet, headers))
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"
    for line in lines:
        sheet.append(sheet_row(sheet, line))


async def _all(lines: AsyncIterator[list[Cell]]) -> list[list[Cell]]:
    return [line async for line in lines]


async def archive_workbook(subject: ArchiveSubject) -> ArchiveBook:
    """The whole workbook. A county window's quarter is thousands of lines at most, so the
    sheets are built in memory (an ordinary workbook: several sheets, formatted dates)."""
    figures = await request_figures(subject)
    book = Workbook()
    book.remove(book.active)
    _sheet(book, SUMMARY, ("项目", "内容"), await summary_lines(subject, figures))
    details = await _all(request_lines(subject))
    _sheet(book, REQUESTS, REQUEST_COLUMNS, details)
    _sheet(book, ENTRIES, ENTRY_COLUMNS, await _all(entry_lines(subject)))
    _sheet(book, EVALUATIONS, EVALUATION_COLUMNS, await _all(evaluation_lines(subject)))
    _sheet(book, COMPLAINTS, COMPLAINT_COLUMNS, await _all(complaint_lines(subject)))
    buffer = io.BytesIO()
    book.save(buffer)
    return ArchiveBook(buffer.getvalue(), figures["received"], len(details))
