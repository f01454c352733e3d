"""Daily supervision rollups (督办考核): the additive figures of `supervisionStats` per
Beijing day and unit, kept in `supervision_rollup` so a year of a city sums a few
thousand rows instead of aggregating every request and handoff it received.

What is stored, per (day, kind, county, unit) — kinds REQUEST (unit: the window, 0 for
requests filed online; read by WINDOW and JURISDICTION), DEPARTMENT (unit: the
department) and HANDLER (unit: the user who accepted the handoff, 0 for none yet):

* received, and extended / extension_reports (records received that day that were
  extended; for a request: any of its handoffs), dated by the day of receipt;
* completed, on_time, late, workdays_total, workdays_counted, dated by completed_on;
* rated_1 … rated_5, dated by the evaluation (a department or a handler counts each
  request once, as the direct aggregate does with COUNT(DISTINCT request)).

How it stays exact: every change to one of those figures goes through a function here,
called in the transaction that makes the change (intake, accept, complete / return,
settling a request, an extension report, an evaluation), and adds a delta with an
upsert (`x = x + excluded.x`, so concurrent writers serialise on the row and never lose
an increment). Where a delta depends on a row's state (the handler an accept sets, the
extension count an extension bumps) it re-reads the row after its own conditional update,
under that update's row lock. `rebuild()` recomputes everything from the records in one
statement, under an EXCLUSIVE table lock on PostgreSQL so deltas of writers in flight land
either in what it reads or after it; a sentinel row (kind BUILT) says the table is
complete. Migration 0016 builds it for a database that already holds records; an empty
one (a fresh install, the demo before it is seeded — the seeding writes rows directly)
is built by the first dashboard read (`ensure_built`). Anything else that writes these
records behind the flow's back (bulk loads, the benchmark) runs `talentgate rollups
rebuild` afterwards.

What is not stored: `overdue` (open, received by the period's end and past due *today*)
changes with the date and not with any write, so it is not additive per day; the
dashboard counts it live over the open records (index on status, due_on) — small,
since only open records past due qualify. Complaints are counted live too: there are few,
and their outcome and the unit they are routed to change after filing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from schema.clock import china_today
from schema.models import Handoff, ServiceRequest, SupervisionRollup
from schema.sql import execute, fetch

REQUEST, DEPARTMENT, HANDLER = "REQUEST", "DEPARTMENT", "HANDLER"
BUILT = "BUILT"  # the sentinel row: the table holds every record's figures
FIGURES = ("received", "completed", "on_time", "late", "workdays_total", "workdays_counted", "extended",
           "extension_reports", "rated_1", "rated_2", "rated_3", "rated_4", "rated_5")  # fmt: skip
_KEY = ("day", "kind", "jurisdiction_id", "unit_id", "department_id")
TABLE = "supervision_rollup"

Key = tuple[dt.date, str, str, int, int | None]


class Deltas:
    """Figures to add, per rollup row; `apply` writes them in one upsert."""

    def __init__(self) -> None:
        self.rows: dict[Key, Counter[str]] = defaultdict(Counter)

    def add(self, day: dt.date, kind: str, jurisdiction: str, unit: int | None, **figures: int) -> None:
        department = unit if kind == DEPARTMENT else None
        self.rows[(day, kind, jurisdiction, unit or 0, department)].update(figures)

    def handoff(self, day: dt.date, row: dict[str, Any], **figures: int) -> None:
        """The same figures on a handoff's department row and its handler row."""
        self.add(day, DEPARTMENT, row["jurisdiction_id"], row["department_id"], **figures)
        self.add(day, HANDLER, row["jurisdiction_id"], row["handler_id"], **figures)

    async def apply(self) -> None:
        rows = sorted((k, v) for k, v in self.rows.items() if any(v.values()))  # a fixed lock order
        if not rows:
            return
        columns = [*_KEY, *FIGURES]
        names = ", ".join(f'"{c}"' for c in columns)
        tuples = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(rows))
        postgres = connections.get("default").capabilities.dialect == "postgres"
        values = [v for (day, *key), counts in rows  # SQLite stores dates as ISO text
                  for v in (day if postgres else day.isoformat(), *key, *(counts[f] for f in FIGURES))]
        sums = ", ".join(f'"{f}" = "{TABLE}"."{f}" + EXCLUDED."{f}"' for f in FIGURES)
        conflict = '("day", "kind", "jurisdiction_id", "unit_id")'
        await execute(f'INSERT INTO "{TABLE}" ({names}) VALUES {tuples} '
                      f"ON CONFLICT {conflict} DO UPDATE SET {sums}", values)  # fmt: skip


def _completion(completed_on: dt.date, on_time: bool | None, workdays: int | None) -> dict[str, int]:
    return {"completed": 1, "on_time": int(on_time is True), "late": int(on_time is False),
            "workdays_total": workdays or 0, "workdays_counted": int(workdays is not None)}  # fmt: skip


_HANDOFF_COLUMNS = ("request_id", "jurisdiction_id", "department_id", "handler_id", "created_at",
                    "extension_count", "completed_on", "on_time", "workdays_taken")  # fmt: skip


async def _handoff_row(handoff_id: int) -> dict[str, Any]:
    """The handoff as this transaction leaves it (read after its own update, under its lock)."""
    return (await Handoff.filter(id=handoff_id).values(*_HANDOFF_COLUMNS))[0]


async def request_received(request: ServiceRequest, handoffs: list[Handoff]) -> None:
    """Intake: the request and its handoffs count as received (none accepted yet)."""
    deltas = Deltas()
    deltas.add(china_today(request.received_at), REQUEST, request.jurisdiction_id, request.window_id,
               received=1)  # fmt: skip
    for h in handoffs:
        row = {"jurisdiction_id": h.jurisdiction_id, "department_id": h.department_id,
               "handler_id": h.handler_id}  # fmt: skip
        deltas.handoff(china_today(h.created_at), row, received=1)
    await deltas.apply()


async def handoff_accepted(handoff_id: int, previous_handler: int | None) -> None:
    """Accept sets the handler: the handoff's received (and extension) figures move from
    the row of its previous handler (none) to the new one's."""
    row = await _handoff_row(handoff_id)
    if row["handler_id"] == previous_handler:
        return
    day, extensions = china_today(row["created_at"]), row["extension_count"]
    moved = {"received": 1, "extended": int(extensions > 0), "extension_reports": extensions}
    deltas = Deltas()
    deltas.add(day, HANDLER, row["jurisdiction_id"], previous_handler, **{k: -v for k, v in moved.items()})
    deltas.add(day, HANDLER, row["jurisdiction_id"], row["handler_id"], **moved)
    await deltas.apply()


async def handoff_ended(handoff_id: int) -> None:
    """Completed or returned: its completion figures, on the day it ended."""
    row = await _handoff_row(handoff_id)
    if row["completed_on"] is None:
        return
    deltas = Deltas()
    deltas.handoff(row["completed_on"], row, **_completion(row["completed_on"], row["on_time"],
                                                           row["workdays_taken"]))  # fmt: skip
    await deltas.apply()


async def request_ended(request: ServiceRequest) -> None:
    """A request settled (its completion figures just written on `request`)."""
    if request.completed_on is None:
        return
    deltas = Deltas()
    deltas.add(request.completed_on, REQUEST, request.jurisdiction_id, request.window_id,
               **_completion(request.completed_on, request.on_time, request.workdays_taken))  # fmt: skip
    await deltas.apply()


async def handoff_extended(handoff_id: int) -> None:
    """An extension report (延期报备), after the handoff's count went up by one: one more
    report, and one more extended record the first time for the handoff and for its request."""
    row = await _handoff_row(handoff_id)
    request_id = row["request_id"]
    # Extensions of the request's other handoffs serialise here (a no-op on SQLite, where
    # writers are serial anyway), so exactly one of them sees itself as the first.
    request = await ServiceRequest.filter(id=request_id).select_for_update().get()
    extended = await Handoff.filter(request_id=request_id, extension_count__gt=0).count()
    deltas = Deltas()
    deltas.handoff(china_today(row["created_at"]), row, extended=int(row["extension_count"] == 1),
                   extension_reports=1)  # fmt: skip
    deltas.add(china_today(request.received_at), REQUEST, request.jurisdiction_id, request.window_id,
               extended=int(extended == 1 and row["extension_count"] == 1), extension_reports=1)  # fmt: skip
    await deltas.apply()


async def request_rated(request: ServiceRequest, score: int, rated_at: dt.datetime) -> None:
    """An evaluation: one rating for the request's window, and one for each department and
    each handler of its handoffs (a request once each)."""
    if not 1 <= score <= 5:
        return
    day, figure = china_today(rated_at), {f"rated_{score}": 1}
    deltas = Deltas()
    deltas.add(day, REQUEST, request.jurisdiction_id, request.window_id, **figure)
    handoffs = Handoff.filter(request_id=request.id)
    rows = await handoffs.values("jurisdiction_id", "department_id", "handler_id")
    for kind, column in ((DEPARTMENT, "department_id"), (HANDLER, "handler_id")):
        for jurisdiction, unit in {(r["jurisdiction_id"], r[column]) for r in rows}:
            deltas.add(day, kind, jurisdiction, unit, **figure)
    await deltas.apply()


# Rebuild: every figure from the records, in one statement per dialect.


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


async def _rebuild_locked(force: bool) -> bool:
    conn = connections.get("default")
    dialect = conn.capabilities.dialect
    if dialect == "postgres":
        await conn.execute_script(f'LOCK TABLE "{TABLE}" IN EXCLUSIVE MODE')
    if not force and await fetch(f"SELECT 1 FROM \"{TABLE}\" WHERE kind = '{BUILT}' LIMIT 1", []):
        return False
    await execute(f'DELETE FROM "{TABLE}"', [])
    await execute(rebuild_sql(dialect), [])
    today = china_today()
    await execute(f'INSERT INTO "{TABLE}" ("day", "kind", "jurisdiction_id", "unit_id") VALUES (?, ?, ?, ?)',
                  [today if dialect == "postgres" else today.isoformat(), BUILT, "", 0])  # fmt: skip
    return True


async def rebuild() -> int:
    """Recompute every rollup row from the records (idempotent); returns the rows written."""
    async with in_transaction():
        await _rebuild_locked(force=True)
    return await SupervisionRollup.exclude(kind=BUILT).count()


async def ensure_built() -> None:
    """Build the table once if nothing has yet (the demo, a fresh install)."""
    if not await SupervisionRollup.exists(kind=BUILT):
        async with in_transaction():
            await _rebuild_locked(force=False)
