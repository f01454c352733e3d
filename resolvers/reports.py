"""Generated files (exports, import error sheets): stored with their owner for a week and
served at /reports/{id}.{ext} to that owner only."""

from __future__ import annotations

import datetime as dt
import uuid

from schema.models import Report
from schema.models.enums import ReportKind

KEEP = dt.timedelta(days=7)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
EXTENSIONS = {XLSX: "xlsx", JSON: "json"}


async def save_report(
    owner_id: int, kind: ReportKind, filename: str, content_type: str, content: bytes, row_count: int = 0
) -> Report:
    return await Report.create(
        id=uuid.uuid4(), kind=kind, owner_id=owner_id, filename=filename[:128], content_type=content_type,
        content=content, row_count=row_count, expires_at=dt.datetime.now(dt.UTC) + KEEP,
    )  # fmt: skip


def report_url(report: Report) -> str:
    return f"/reports/{report.id}.{EXTENSIONS[report.content_type]}"


async def owned_report(owner_id: int, report_id: str, extension: str) -> Report | None:
    """The report if it is the caller's, unexpired and of that type; None otherwise."""
    try:
        key = uuid.UUID(report_id)
    except ValueError:
        return None
    report = await Report.filter(id=key, owner_id=owner_id, expires_at__gt=dt.datetime.now(dt.UTC)).first()
    if report is None or EXTENSIONS.get(report.content_type) != extension:
        return None
    return report
