"""Beijing dates on any server zone, and request numbers."""

from __future__ import annotations

import datetime as dt
import re

from resolvers.core.numbers import request_number
from schema.clock import china_today


def test_the_beijing_date_runs_eight_hours_ahead_of_utc() -> None:
    evening_utc = dt.datetime(2026, 11, 22, 16, 30, tzinfo=dt.UTC)
    assert china_today(evening_utc) == dt.date(2026, 11, 23)
    assert china_today(dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 22)


def test_request_numbers_carry_the_county_and_beijing_time() -> None:
    received = dt.datetime(2026, 11, 22, 16, 30, 5, tzinfo=dt.UTC)
    number = request_number("130102", received)
    assert re.fullmatch(r"SR13010220261123003005[0-9A-F]{8}", number) and len(number) <= 32
    # 32 random bits: a thousand numbers in one county and second repeat with p ≈ 1e-4
    assert len({request_number("130102", received) for _ in range(1000)}) >= 999
