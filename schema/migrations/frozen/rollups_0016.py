"""Migration 0016's copy of the supervision rollup build (resolvers/deadlines/rollups.py
as of 0016): every rollup row from the records, in one INSERT … SELECT, and the sentinel
row saying the table is complete — only when there are records: an empty database (a
fresh install, the demo before its seeding writes rows directly) is built by the first
dashboard read. Plain SQL on the migration's connection."""

from __future__ import annotations

import datetime as dt
from typing import Any

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
REQUEST, DEPARTMENT, HANDLER = "REQUEST", "DEPARTMENT", "HANDLER"
BUILT = "BUILT"
FIGURES = ("received", "completed", "on_time", "late", "workdays_total", "workdays_counted", "extended",
           "extension_reports", "rated_1", "rated_2", "rated_3", "rated_4", "rated_5")  # fmt: skip
_KEY = ("day", "kind", "jurisdiction_id", "unit_id", "department_id")
TABLE = "supervision_rollup"


def _day(dialect: str, column: str) -> str:
    """The Beijing date of a stored UTC moment (China keeps no daylight saving time)."""
    if dialect == "postgres":
        return f"((({column}) AT TIME ZONE 'UTC') + INTERVAL '8 hours')::date"
    return f"date({column}, '+8 hours')"


_ZEROS = {"received": 0, "completed": 0, "on_time": 0, "late": 0, "workdays_total": 0, "workdays_counted": 0,
          "extended": 0, "extension_reports": 0, "score": 0}  # fmt: skip
_COMPLETION = {"completed": "1", "on_time": "CASE WHEN {t}.on_time THEN 1 ELSE 0 END",
               "late": "CASE WHEN NOT {t}.on_time THEN 1 ELSE 0 END",
               "workdays_total": "COALESCE({t}.workdays_taken, 0)",
               "workdays_counted": "CASE WHEN {t}.workdays_taken IS NULL THEN 0 ELSE 1 END"}  # fmt: skip


def _fact(day: str, kind: str, jurisdiction: str, unit: str, department: str, source: str,
          **figures: str) -> str:  # fmt: skip
    values = ", ".join(str(figures.get(name, zero)) + f" AS {name}" for name, zero in _ZEROS.items())
    return (f"SELECT {day} AS day, '{kind}' AS kind, {jurisdiction} AS jurisdiction_id, {unit} AS unit_id, "
            f"{department} AS department_id, {values} FROM {source}")  # fmt: skip


_NO_DEPARTMENT = "CAST(NULL AS INTEGER)"  # typed: PostgreSQL reads a bare NULL in a subquery as text


def rebuild_sql(dialect: str) -> str:
    """INSERT … SELECT of every rollup row (the table emptied first)."""
    r_in, h_in = _day(dialect, "r.received_at"), _day(dialect, "h.created_at")
    e_at = _day(dialect, "e.created_at")
    window = "COALESCE(r.window_id, 0)"
    completion_r = {k: v.format(t="r") for k, v in _COMPLETION.items()}
    completion_h = {k: v.format(t="h") for k, v in _COMPLETION.items()}
    facts = [
        _fact(r_in, REQUEST, "r.jurisdiction_id", window, _NO_DEPARTMENT, "service_request r", received="1"),
        _fact("r.completed_on", REQUEST, "r.jurisdiction_id", window, _NO_DEPARTMENT,
              "service_request r WHERE r.completed_on IS NOT NULL", **completion_r),
        _fact(r_in, REQUEST, "r.jurisdiction_id", window, _NO_DEPARTMENT,
              "service_request r JOIN (SELECT request_id, SUM(extension_count) AS reports FROM handoff "
              "WHERE extension_count > 0 GROUP BY request_id) x ON x.request_id = r.id",
              extended="1", extension_reports="x.reports"),
        _fact(e_at, REQUEST, "r.jurisdiction_id", window, _NO_DEPARTMENT,
              "evaluation e JOIN service_request r ON r.id = e.request_id", score="e.score"),
    ]  # fmt: skip
    for kind, unit, department in ((DEPARTMENT, "h.department_id", "h.department_id"),
                                   (HANDLER, "COALESCE(h.handler_id, 0)", _NO_DEPARTMENT)):  # fmt: skip
        facts += [
            _fact(h_in, kind, "h.jurisdiction_id", unit, department, "handoff h", received="1"),
            _fact("h.completed_on", kind, "h.jurisdiction_id", unit, department,
                  "handoff h WHERE h.completed_on IS NOT NULL", **completion_h),
            _fact(h_in, kind, "h.jurisdiction_id", unit, department, "handoff h WHERE h.extension_count > 0",
                  extended="1", extension_reports="h.extension_count"),
            _fact(e_at, kind, "h.jurisdiction_id", "h.unit_id", "h.department_id",
                  f"evaluation e JOIN (SELECT DISTINCT h.request_id, h.jurisdiction_id, {unit} AS unit_id, "
                  f"{department} AS department_id FROM handoff h) h ON h.request_id = e.request_id",
                  score="e.score"),
        ]  # fmt: skip
    sums = ", ".join(f"SUM(f.{name})" for name in FIGURES[:8])
    ratings = ", ".join(f"SUM(CASE WHEN f.score = {s} THEN 1 ELSE 0 END)" for s in range(1, 6))
    columns = ", ".join(f'"{c}"' for c in (*_KEY, *FIGURES))
    return (f'INSERT INTO "{TABLE}" ({columns}) SELECT f.day, f.kind, f.jurisdiction_id, f.unit_id, '
            f"MAX(f.department_id), {sums}, {ratings} FROM ({' UNION ALL '.join(facts)}) f "
            "GROUP BY f.day, f.kind, f.jurisdiction_id, f.unit_id")  # fmt: skip


async def build_rollups(conn: Any) -> bool:
    """True when there were records to build from."""
    dialect = conn.capabilities.dialect
    if not await conn.execute_query_dict("SELECT 1 FROM service_request LIMIT 1"):
        return False
    await conn.execute_query(f'DELETE FROM "{TABLE}"')
    await conn.execute_query(rebuild_sql(dialect))
    today = dt.datetime.now(CHINA_TIME).date()
    day = today if dialect == "postgres" else today.isoformat()
    mark = "$1, $2, $3, $4" if dialect == "postgres" else "?, ?, ?, ?"
    sentinel = f'INSERT INTO "{TABLE}" ("day", "kind", "jurisdiction_id", "unit_id") VALUES ({mark})'
    await conn.execute_query(sentinel, [day, BUILT, "", 0])
    return True
