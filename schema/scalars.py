"""Scalars whose parsing is stricter than Strawberry's defaults, under the same names.

Dates and times the platform deals with (births, introductions, effective dates, due dates,
filters on them) lie between 1900 and 2999. Anything outside is refused while the request
is read, as malformed input, instead of overflowing wherever it is first shifted
(`0001-01-01` minus a day, `9999-12-31` plus a time limit, `9999-12-31T23:59:59-12:00`
in UTC). A DateTime without a zone is Beijing time, as in every filter.
"""

from __future__ import annotations

import datetime as dt
from typing import NewType

import dateutil.parser
import strawberry
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, wrap_parser
from strawberry.types.scalar import ScalarDefinition

from schema.clock import CHINA_TIME

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)
# Inside graphql-core's own (English) coercion message, so both languages.
_RANGE = (
    f"日期超出范围：须在 {EARLIEST.isoformat()} 至 {LATEST.isoformat()} 之间 "
    f"(out of range: dates run from {EARLIEST.isoformat()} to {LATEST.isoformat()})"
)


def parse_date(value: str) -> dt.date:
    day = dt.date.fromisoformat(value)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(_RANGE)
    return day


def parse_datetime(value: str) -> dt.datetime:
    parsed = dateutil.parser.isoparse(value)
    try:
        utc = (parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA_TIME)).astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(_RANGE) from None
    if not EARLIEST <= utc.date() <= LATEST:
        raise ValueError(_RANGE)
    return parsed


def _stricter(base: ScalarDefinition, parser: object) -> ScalarDefinition:
    return ScalarDefinition(
        name=base.name,
        description=base.description,
        specified_by_url=None,
        serialize=base.serialize,
        parse_value=wrap_parser(parser, base.name, exceptions=(ValueError, OverflowError)),  # type: ignore[arg-type]
        parse_literal=None,
        origin=base.origin,
    )


SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    dt.date: _stricter(DateDefinition, parse_date),
    dt.datetime: _stricter(DateTimeDefinition, parse_datetime),
}


MAX_FEN = 2**53  # exact in a JSON number
_FEN = "金额以分为单位，须为整数 (an amount is a whole number of fen)"


def parse_fen(value: object) -> int:
    """A whole number of fen: never a fraction, a string or a boolean (a float with no
    fraction, as JSON may carry it, is taken at its value)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_FEN)
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(_FEN)
    if abs(value) > MAX_FEN:
        raise ValueError(f"金额超出范围 (an amount is at most {MAX_FEN} fen)")
    return int(value)


Fen = NewType("Fen", int)
SCALAR_OVERRIDES[Fen] = strawberry.scalar(
    name="Fen",
    description="金额（分） · an amount of money in fen (1 元 = 100 分), a whole number up to 2^53; "
    "Int's 32 bits end at 21,474,836.47 元",
    serialize=int,
    parse_value=parse_fen,
)
