"""The figures written when a handoff or a request reaches its end, so supervision
aggregates them in SQL (督办考核) instead of recomputing working days per row.

* completed_on: the Beijing date it ended;
* workdays_taken: working days after the day of receipt up to and including that date
  (handled the same day: 0) — the same count `add_workdays` uses to set due dates, so a
  time limit of n working days is met exactly when workdays_taken <= n;
* on_time: completed_on <= due_on, the due date as extended (延期报备); NULL without one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from gateway.clock import CHINA_TIME, china_today
from resolvers.workdays import WorkCalendar, load_calendar
from schema.models.enums import CalendarDayKind
from schema.sql import for_dialect


async def completion_figures(received_at: dt.datetime, due_on: dt.date | None) -> dict[str, Any]:
    """The figures of an ending now."""
    return figures_at(await load_calendar(), received_at, china_today(), due_on)


def figures_at(
    calendar: WorkCalendar, received_at: dt.datetime, completed_on: dt.date, due_on: dt.date | None
) -> dict[str, Any]:
    """The figures of an ending on `completed_on` (the demo's past year uses it too)."""
    received_on = received_at.astimezone(CHINA_TIME).date()
    return {
        "completed_on": completed_on,
        "workdays_taken": calendar.workdays_between(received_on, completed_on),
        "on_time": None if due_on is None else completed_on <= due_on,
    }


# -- rows that ended before the figures were stored (migration 0007) -----------------------

_ENDED = {
    # table → (when it came in, which ended rows the live flow gives figures)
    "service_request": ("received_at", "status IN ('COMPLETED', 'PARTIALLY_REJECTED', 'REJECTED', "
                                       "'ARCHIVED')"),
    "handoff": ("created_at", "status IN ('DONE', 'RETURNED')"),
}


async def backfill_completion_figures(conn: BaseDBAsyncClient) -> int:
    """Give every ended request and handoff without figures those of its completion date,
    and every handoff its count of extension reports. Plain SQL on `conn`, as a migration
    runs it; returns the rows given figures."""
    dialect = conn.capabilities.dialect
    rows = await conn.execute_query_dict("SELECT day, kind FROM calendar_day")
    calendar = WorkCalendar({_date(r["day"]): CalendarDayKind(r["kind"]) for r in rows})
    filled = 0
    for table, (received, ended) in _ENDED.items():
        pending = await conn.execute_query_dict(
            f"SELECT id, {received} AS received_at, completed_at, due_on FROM {table} "
            f"WHERE completed_at IS NOT NULL AND completed_on IS NULL AND {ended}"
        )
        update = for_dialect(dialect, f"UPDATE {table} SET completed_on = ?, workdays_taken = ?, "
                                      "on_time = ? WHERE id = ?")  # fmt: skip
        for row in pending:
            completed_on = _datetime(row["completed_at"]).astimezone(CHINA_TIME).date()
            due_on = _date(row["due_on"]) if row["due_on"] is not None else None
            figures = figures_at(calendar, _datetime(row["received_at"]), completed_on, due_on)
            day = figures["completed_on"] if dialect == "postgres" else figures["completed_on"].isoformat()
            await conn.execute_query(update, [day, figures["workdays_taken"], figures["on_time"], row["id"]])
        filled += len(pending)
    await conn.execute_query(
        "UPDATE handoff SET extension_count = (SELECT COUNT(*) FROM handoff_extension e "
        "WHERE e.handoff_id = handoff.id) WHERE extension_count = 0 AND EXISTS "
        "(SELECT 1 FROM handoff_extension e WHERE e.handoff_id = handoff.id)"
    )
    return filled


def _datetime(value: Any) -> dt.datetime:
    """A stored datetime as an aware one (SQLite answers raw queries with text)."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
