"""Migration 0007's copy of the completion figures (resolvers/deadlines/completion.py,
workdays.py and requests/flow.py as of 0007): requests and handoffs that ended before
0006 added the columns get the figures of the date each ended, and each handoff its
count of extension reports. Plain SQL on the migration's connection."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import chinese_calendar

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
ONE_DAY = dt.timedelta(days=1)

# table → (when it came in, the ended states the live flow wrote figures for)
ENDED = {
    "service_request": ("received_at", ["COMPLETED", "PARTIALLY_REJECTED", "REJECTED", "ARCHIVED"]),
    "handoff": ("created_at", ["DONE", "RETURNED"]),
}


def _for_dialect(dialect: str, sql: str) -> str:
    if dialect != "postgres":
        return sql
    counter = iter(range(1, 100_000))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def _stored_datetime(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _stored_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _is_workday(entries: dict[dt.date, str], day: dt.date) -> bool:
    kind = entries.get(day)
    if kind is not None:
        return kind == "WORKDAY"
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _workdays_between(entries: dict[dt.date, str], start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += _is_workday(entries, day)
    return count


async def backfill_completion_figures(conn: Any) -> int:
    """Returns the rows given figures."""
    dialect = conn.capabilities.dialect
    rows = await conn.execute_query_dict("SELECT day, kind FROM calendar_day")
    entries = {_stored_date(r["day"]): r["kind"] for r in rows}
    filled = 0
    for table, (received, ended) in ENDED.items():
        pending = await conn.execute_query_dict(
            _for_dialect(dialect, f"SELECT id, {received} AS received_at, completed_at, due_on FROM {table} "
                                  f"WHERE completed_at IS NOT NULL AND completed_on IS NULL "
                                  f"AND status IN ({', '.join('?' * len(ended))})"),
            ended,
        )  # fmt: skip
        update = _for_dialect(dialect, f"UPDATE {table} SET completed_on = ?, workdays_taken = ?, "
                                       "on_time = ? WHERE id = ?")  # fmt: skip
        for row in pending:
            completed_on = _stored_datetime(row["completed_at"]).astimezone(CHINA_TIME).date()
            received_on = _stored_datetime(row["received_at"]).astimezone(CHINA_TIME).date()
            due_on = _stored_date(row["due_on"]) if row["due_on"] is not None else None
            taken = _workdays_between(entries, received_on, completed_on)
            on_time = None if due_on is None else completed_on <= due_on
            day = completed_on if dialect == "postgres" else completed_on.isoformat()
            await conn.execute_query(update, [day, taken, on_time, row["id"]])
        filled += len(pending)
    await conn.execute_query(
        "UPDATE handoff SET extension_count = (SELECT COUNT(*) FROM handoff_extension e "
        "WHERE e.handoff_id = handoff.id) WHERE extension_count = 0 AND EXISTS "
        "(SELECT 1 FROM handoff_extension e WHERE e.handoff_id = handoff.id)"
    )
    return filled
