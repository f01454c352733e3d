"""Beijing dates on any server zone."""

from __future__ import annotations

import datetime as dt

from gateway.clock import china_today


def test_the_beijing_date_runs_eight_hours_ahead_of_utc() -> None:
    evening_utc = dt.datetime(2026, 11, 22, 16, 30, tzinfo=dt.UTC)
    assert china_today(evening_utc) == dt.date(2026, 11, 23)
    assert china_today(dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 22)
