"""Export of a talent's service archive (服务档案导出) as JSON or .xlsx.

The talent exports their own archive; staff who may read the talent export it too.
Everything is read through the scope helper and masked as the caller sees it in GraphQL.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import orjson

from permissions.audit import audit
from permissions.masking import mask_id_number, mask_phone, reveal
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.core.ids import encode_id
from resolvers.core.lookup import find_visible
from resolvers.files.reports import JSON, XLSX, save_report
from resolvers.files.xlsx import workbook_bytes
from schema import clock
from schema.clock import CHINA_TIME
from schema.models import ArchiveEntry, Report, Talent, TalentCategory
from schema.models.enums import ReportKind


class ExportFormat(str, Enum):
    JSON = "JSON"
    XLSX = "XLSX"


ARCHIVE_SHEET_TITLE = "服务档案"
ARCHIVE_SHEET_COLUMNS = (
    "办件编号",
    "办件状态",
    "受理渠道",
    "受理时间",
    "办结时间",
    "建档时间",
    "服务事项",
    "事项代码",
    "承办部门",
    "办理结果",
    "办理意见",
)
STATUS_LABELS = {
    "COMPLETED": "已办结",
    "PARTIALLY_REJECTED": "部分办结",
    "REJECTED": "不予办理",
    "WITHDRAWN": "已撤回",
    "ARCHIVED": "已归档",
}
CHANNEL_LABELS = {"WINDOW": "窗口受理", "ONLINE": "网上申请", "UNIT": "单位专员代办"}
_ENTRY_VALUES = (
    "id",
    "summary",
    "results",
    "created_at",
    "request_id",
    "request__number",
    "request__status",
    "request__channel",
    "request__received_at",
    "request__completed_at",
)


async def archive_rows(ctx: RequestContext, talent_id: int) -> list[dict[str, Any]]:
    """The talent's archive entries the caller may see, oldest first, with their request."""
    qs = visible(ArchiveEntry, ctx.perms, "archive_entry").filter(talent_id=talent_id)
    return await qs.order_by("created_at", "id").values(*_ENTRY_VALUES)


def _beijing(value: dt.datetime | None) -> str | None:
    return value.astimezone(CHINA_TIME).isoformat(timespec="seconds") if value else None


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


async def _talent_view(ctx: RequestContext, talent: Talent) -> dict[str, Any]:
    """The talent's basics as the caller sees them through GraphQL."""
    category = None
    if talent.category_id is not None:
        found = (
            await visible(TalentCategory, ctx.perms, "talent_category").filter(id=talent.category_id).first()
        )
        category = {"code": found.code, "name": found.name} if found else None
    return {
        "id": encode_id("Talent", talent.id),
        "name": talent.name,
        "gender": _plain(talent.gender),
        "idNumber": reveal(
            ctx.perms, ctx.pii, "talent", talent, "idNumber", talent.id_number, mask_id_number
        ),
        "phone": reveal(ctx.perms, ctx.pii, "talent", talent, "phone", talent.phone, mask_phone),
        "jurisdictionCode": talent.jurisdiction_id,
        "category": category,
        "status": _plain(talent.status),
    }


def _entry_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestId": encode_id("ServiceRequest", row["request_id"]),
        "requestNumber": row["request__number"],
        "status": _plain(row["request__status"]),
        "channel": _plain(row["request__channel"]),
        "receivedAt": _beijing(row["request__received_at"]),
        "completedAt": _beijing(row["request__completed_at"]),
        "archivedAt": _beijing(row["created_at"]),
        "summary": row["summary"],
        "results": [
            {
                "item": r.get("item"),
                "itemCode": r.get("code"),
                "department": r.get("department"),
                "result": r.get("result"),
                "outcome": r.get("outcome"),
                "opinion": r.get("opinion"),
            }
            for r in row["results"] or []
        ],
    }


def _sheet_lines(entries: list[dict[str, Any]]) -> list[list[Any]]:
    """One line per item result; the request's columns repeat so each line stands alone."""
    lines = []
    for e in entries:
        head = [
            e["requestNumber"],
            STATUS_LABELS.get(e["status"], e["status"]),
            CHANNEL_LABELS.get(e["channel"], e["channel"]),
            e["receivedAt"],
            e["completedAt"],
            e["archivedAt"],
        ]
        for r in e["results"] or [{}]:
            lines.append(
                [
                    *head,
                    r.get("item"),
                    r.get("itemCode"),
                    r.get("department"),
                    r.get("result"),
                    r.get("opinion"),
                ]
            )
    return lines


def archive_document(talent: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "document": "服务档案 · service archive",
        "exportedAt": _beijing(clock.now()),
        "talent": talent,
        "entryCount": len(entries),
        "entries": entries,
    }


async def _target(ctx: RequestContext, talent_id: str | None) -> Talent:
    if talent_id is None:
        own = ctx.require_principal().talent_id
        if own is None:
            raise validation(
                "talentId", "请指明要导出服务档案的人才", "name the talent whose archive to export"
            )
        talent = await visible(Talent, ctx.perms, "talent").filter(id=own).first()
        if talent is None:
            raise validation(
                "talentId", "请指明要导出服务档案的人才", "name the talent whose archive to export"
            )
        return talent
    return await find_visible(ctx, Talent, "talent", talent_id, "talentId")


async def export_archive(ctx: RequestContext, fmt: ExportFormat, talent_id: str | None) -> Report:
    """The talent's service archive as a stored report (JSON document or one Excel sheet)."""
    principal = ctx.require_principal()
    talent = await _target(ctx, talent_id)
    entries = [_entry_view(row) for row in await archive_rows(ctx, talent.id)]
    stem = f"服务档案-{talent.name}"
    if ExportFormat(fmt) == ExportFormat.JSON:
        document = archive_document(await _talent_view(ctx, talent), entries)
        content, content_type, filename = (
            orjson.dumps(document, option=orjson.OPT_INDENT_2),
            JSON,
            f"{stem}.json",
        )
    else:
        lines = _sheet_lines(entries)
        content = workbook_bytes(ARCHIVE_SHEET_COLUMNS, lines, ARCHIVE_SHEET_TITLE)
        content_type, filename = XLSX, f"{stem}.xlsx"
    report = await save_report(
        principal.user_id, ReportKind.ARCHIVE_EXPORT, filename, content_type, content, len(entries)
    )
    await audit(
        ctx.actor,
        "exportArchive",
        "talent",
        talent.id,
        jurisdiction_code=talent.jurisdiction_id,
        after={"format": ExportFormat(fmt).value, "entries": len(entries), "report": str(report.id)},
    )
    return report
