"""Case numbers (受理编号) of requests, recognitions and complaints, read out at the window."""

from __future__ import annotations

import datetime as dt
import secrets

from schema.clock import CHINA_TIME


def request_number(county: str, received: dt.datetime, prefix: str = "SR") -> str:
    """SR (or `prefix`) + county + Beijing time to the second + 32 random bits: readable at
    the window, and two numbers collide only within one county, one second and one in 4 billion."""
    return f"{prefix}{county}{received.astimezone(CHINA_TIME):%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"
