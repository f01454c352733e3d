"""Completion figures for requests and handoffs that ended before migration 0006 added
the columns (run by migration 0007): those of the date each ended, as the live flow
would have written them, and each handoff's count of extension reports."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from gateway.clock import CHINA_TIME
from resolvers.completion import figures_at
from resolvers.handoff_flow import FINISHED, SETTLED
from resolvers.workdays import WorkCalendar
from schema.models.enums import CalendarDayKind, RequestStatus
from schema.sql import for_dialect, marks, stored_date, stored_datetime

# table → (when it came in, the ended states the live flow writes figures for)
_ENDED = {
    "service_request": ("received_at", [s.value for s in SETTLED if s != RequestStatus.WITHDRAWN]),
    "handoff": ("created_at", [s.value for s in FINISHED]),
}


async def backfill_completion_figures(conn: BaseDBAsyncClient) -> int:
    """Plain SQL on `conn`, as a migration runs it; returns the rows given figures."""
    dialect = conn.capabilities.dialect
    rows = await conn.execute_query_dict("SELECT day, kind FROM calendar_day")
    calendar = WorkCalendar({stored_date(r["day"]): CalendarDayKind(r["kind"]) for r in rows})
    filled = 0
    for table, (received, ended) in _ENDED.items():
        pending = await conn.execute_query_dict(
            for_dialect(dialect, f"SELECT id, {received} AS received_at, completed_at, due_on FROM {table} "
                                 f"WHERE completed_at IS NOT NULL AND completed_on IS NULL "
                                 f"AND status IN ({marks(len(ended))})"),
            ended,
        )  # fmt: skip
        update = for_dialect(dialect, f"UPDATE {table} SET completed_on = ?, workdays_taken = ?, "
                                      "on_time = ? WHERE id = ?")  # fmt: skip
        for row in pending:
            completed_on = stored_datetime(row["completed_at"]).astimezone(CHINA_TIME).date()
            due_on = stored_date(row["due_on"]) if row["due_on"] is not None else None
            figures = figures_at(calendar, stored_datetime(row["received_at"]), completed_on, due_on)
            day = figures["completed_on"] if dialect == "postgres" else figures["completed_on"].isoformat()
            await conn.execute_query(update, [day, figures["workdays_taken"], figures["on_time"], row["id"]])
        filled += len(pending)
    await conn.execute_query(
        "UPDATE handoff SET extension_count = (SELECT COUNT(*) FROM handoff_extension e "
        "WHERE e.handoff_id = handoff.id) WHERE extension_count = 0 AND EXISTS "
        "(SELECT 1 FROM handoff_extension e WHERE e.handoff_id = handoff.id)"
    )
    return filled
