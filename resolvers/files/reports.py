"""Generated files (exports, import error sheets): stored with their owner for a week and
served at /reports/{id}.{ext} to that owner only. A report filed in a jurisdiction (the
quarterly archive) has no owner: it is served to whoever may read its kind there."""

from __future__ import annotations

import datetime as dt
import uuid

from permissions.compiled import CompiledPermissions
from permissions.resources import row_scopes
from resolvers.files.csvfile import CSV
from schema import clock
from schema.models import Report
from schema.models.enums import ReportKind

KEEP = dt.timedelta(days=7)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
EXTENSIONS = {XLSX: "xlsx", JSON: "json", CSV: "csv"}
# Kinds shared by scope rather than owned → the resource whose `read` must cover the
# report's jurisdiction.
SHARED_KINDS = {ReportKind.QUARTERLY_ARCHIVE: "archive_report"}


async def save_report(
    owner_id: int, kind: ReportKind, filename: str, content_type: str, content: bytes, row_count: int = 0
) -> Report:
    return await Report.create(
        id=uuid.uuid4(), kind=kind, owner_id=owner_id, filename=filename[:128], content_type=content_type,
        content=content, row_count=row_count, expires_at=clock.now() + KEEP,
    )  # fmt: skip


def report_url(report: Report) -> str:
    return f"/reports/{report.id}.{EXTENSIONS[report.content_type]}"


async def readable_report(
    perms: CompiledPermissions, user_id: int, report_id: str, extension: str
) -> Report | None:
    """The report if the caller may have it and it is of that type; None otherwise, exactly
    as for an id that does not exist."""
    try:
        key = uuid.UUID(report_id)
    except ValueError:
        return None
    report = await Report.filter(id=key).first()
    if report is None or EXTENSIONS.get(report.content_type) != extension:
        return None
    now = clock.now()
    if report.jurisdiction_id is None:  # owned: its owner only, until it expires
        mine = report.owner_id == user_id and report.expires_at is not None and report.expires_at > now
        return report if mine else None
    resource = SHARED_KINDS.get(ReportKind(report.kind))
    if resource is None or not perms.allows(resource, "read", row_scopes(resource, report)):
        return None
    return report if report.expires_at is None or report.expires_at > now else None
