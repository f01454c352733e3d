"""Quarterly service archives (服务工作档案), a daily cron: every county window lacking the
archive of the last ended quarter gets it generated and filed to the city window, whose
staff are told (备案).

Idempotent: only windows without that quarter's row are taken, each in its own
transaction, and filing itself upserts on (window, year, quarter); a second run, or a
second worker, or a mutation at the same moment, leaves one archive and one notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue
from permissions.audit import SYSTEM
from resolvers.archives.quarterly import file_quarterly_archive, last_ended_quarter
from schema.clock import china_today
from schema.models import QuarterlyArchive, ServiceWindow
from schema.models.enums import JurisdictionLevel


async def file_quarterly_archives(ctx: dict[str, Any], today: str | None = None) -> dict[str, Any]:
    """The cron. Returns the quarter and how many archives were filed for the first time."""
    day = dt.date.fromisoformat(today) if today else china_today()
    period = last_ended_quarter(day)
    filed = QuarterlyArchive.filter(year=period.year, quarter=period.quarter).values("window_id")
    lacking = await ServiceWindow.filter(jurisdiction__level=JurisdictionLevel.COUNTY).exclude(
        id__in=Subquery(filed)
    ).order_by("id")  # fmt: skip
    keys: list[str] = []
    created = 0
    for window in lacking:
        async with in_transaction():
            filing = await file_quarterly_archive(window, period.year, period.quarter, SYSTEM, today=day)
        keys += filing.jobs
        created += filing.created
    await enqueue(ctx.get("redis"), keys)
    return {"quarter": period.label, "filed": created}
