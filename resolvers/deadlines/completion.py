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

from resolvers.deadlines.workdays import WorkCalendar, load_calendar
from schema.clock import CHINA_TIME, china_today


async def completion_figures(
    jurisdiction_code: str, received_at: dt.datetime, due_on: dt.date | None
) -> dict[str, Any]:
    """The figures of an ending now, counted in the calendar of the record's place."""
    return figures_at(await load_calendar(jurisdiction_code), received_at, china_today(), due_on)


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

