"""人才流动: `talentMoves`, a talent's records in different cities one after another.

A talent's records (one idHash) across every source, ordered by arrival, pair each with
the one before it (LAG over the talent's records); a pair in two cities is a move from
the earlier city to the later. Pairs are made over all the talent's records, so a move
is found whoever may see it; it is shown when the caller may see either end.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson

from permissions.masking import mask_name
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.federation.province import check_city, embedded, json_text, records
from resolvers.listing.filtering import check_operand
from resolvers.listing.pagination import OrderColumn, Page, date_column, make_page
from schema.sql import fetch, stored_date

MAX_FIRST = 500
DEFAULT_FIRST = 100
KEY_LENGTH = 64  # source_record.key

ORDER = [(date_column("arrived_on"), False), (OrderColumn("id"), False)]

# Each talent record with the one before it; {talent}: the idHash asked for, if any. The
# window is written out each time: a named WINDOW needs SQLite 3.28, LAG() only 3.25.
_BEFORE = 'OVER (PARTITION BY "key" ORDER BY "started_on", "id")'
_PAIRED = f"""
WITH t AS (
  SELECT "id", "key", "city_code", "jurisdiction_code", "started_on", {{name}} AS "name",
         LAG("id") {_BEFORE} AS from_id, LAG("city_code") {_BEFORE} AS from_city,
         LAG("jurisdiction_code") {_BEFORE} AS from_jurisdiction, LAG("ended_on") {_BEFORE} AS left_on
  FROM "source_record"
  WHERE "kind" = 'TALENT' AND NOT "deleted" AND "started_on" IS NOT NULL{{talent}}
)"""
_MOVED = """
WHERE t.from_id IS NOT NULL AND COALESCE(t.from_city, '') <> COALESCE(t.city_code, '')
  AND (t."id" IN ({visible}) OR t.from_id IN ({visible})){conditions}"""
_PAGE = """
SELECT t."id", t."key", t."name", t.from_city, fc."name" AS from_city_name, t.city_code AS to_city,
       tc."name" AS to_city_name, t.from_jurisdiction, t.jurisdiction_code AS to_jurisdiction,
       t.left_on, t.started_on AS arrived_on
FROM t LEFT JOIN "jurisdiction" fc ON fc."code" = t.from_city
LEFT JOIN "jurisdiction" tc ON tc."code" = t.city_code"""


@dataclass(frozen=True)
class MoveFilter:
    city_code: str | None = None  # either end in this city
    first_day: dt.date | None = None  # arrived on or after
    last_day: dt.date | None = None  # arrived on or before
    id_hash: str | None = None


@dataclass(frozen=True)
class Move:
    id: int  # the arrival's record
    id_hash: str
    name: str | None  # masked: 张*
    from_city: str | None
    from_city_name: str | None
    to_city: str | None
    to_city_name: str | None
    from_jurisdiction: str | None
    to_jurisdiction: str | None
    left_on: dt.date | None  # the earlier record's leaving date, when it has one
    arrived_on: dt.date


@dataclass(frozen=True)
class MoveCount:
    """A page's `total`: the moves under the filter, counted when a client asks."""

    sql: str
    params: list[Any]

    async def count(self) -> int:
        return int((await fetch(self.sql, self.params))[0]["n"])


async def talent_moves(ctx: RequestContext, flt: MoveFilter, first: int | None, after: str | None) -> Page:
    """The moves under `flt`, by arrival date, `first` (1–500) after the cursor `after`."""
    size, position = _checked(flt, first, after)
    city = await check_city(flt.city_code, "filter.cityCode")
    paired, params = _paired(flt.id_hash)
    moved, more = _moved(ctx, flt, city)
    total = MoveCount(f"{paired} SELECT COUNT(*) AS n FROM t {moved}", [*params, *more])
    cursor, at = _after(position)
    page = f'{paired} {_PAGE} {moved}{cursor} ORDER BY t.started_on, t."id" LIMIT ?'
    rows = await fetch(page, [*params, *more, *at, size + 1])
    moves = [_move(row) for row in rows]
    return make_page(moves, ORDER, size, position is not None, total, lambda m, column: getattr(m, column))


def _checked(flt: MoveFilter, first: int | None, after: str | None) -> tuple[int, tuple[dt.date, int] | None]:
    """The page's size and the position after which it starts."""
    size = DEFAULT_FIRST if first is None else first
    if not 0 < size <= MAX_FIRST:
        raise validation("first", f"每次 1 到 {MAX_FIRST} 条", f"first must be 1 to {MAX_FIRST}")
    if flt.first_day and flt.last_day and flt.first_day > flt.last_day:
        raise validation("filter.from", "开始日期不能晚于结束日期", "`from` must not be after `to`")
    if flt.id_hash is not None:
        check_operand(flt.id_hash, "filter.idHash", KEY_LENGTH)
    return size, _position(after) if after is not None else None


def _paired(id_hash: str | None) -> tuple[str, list[Any]]:
    name = json_text('"data"', "name")
    if id_hash is None:
        return _PAIRED.format(name=name, talent=""), []
    return _PAIRED.format(name=name, talent=' AND "key" = ?'), [id_hash]


def _moved(ctx: RequestContext, flt: MoveFilter, city: str | None) -> tuple[str, list[Any]]:
    """The moves' condition: between cities, either end visible, the filter's."""
    visible, ids = embedded(records(ctx, "TALENT").values("id"))
    conditions, params = [], [*ids, *ids]
    if city is not None:
        conditions.append("(t.city_code = ? OR t.from_city = ?)")
        params += [city, city]
    if flt.first_day is not None:
        conditions.append("t.started_on >= ?")
        params.append(flt.first_day)
    if flt.last_day is not None:
        conditions.append("t.started_on <= ?")
        params.append(flt.last_day)
    condition = "".join(f" AND {c}" for c in conditions)
    return _MOVED.format(visible=visible, conditions=condition), params


def _after(position: tuple[dt.date, int] | None) -> tuple[str, list[Any]]:
    if position is None:
        return "", []
    day, row_id = position
    return ' AND (t.started_on > ? OR (t.started_on = ? AND t."id" > ?))', [day, day, row_id]


def _position(cursor: str) -> tuple[dt.date, int]:
    """A cursor of this list (`encode_cursor([arrivedOn, id])`), or VALIDATION."""
    try:
        day, row_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if type(row_id) is not int or not 0 < row_id < 2**63:
            raise ValueError
        return dt.date.fromisoformat(day), row_id
    except (ValueError, TypeError, binascii.Error, UnicodeError, orjson.JSONDecodeError):
        raise validation("after", "分页游标无效，请从第一页重新查询", "invalid cursor") from None


def _move(row: dict[str, Any]) -> Move:
    left = row["left_on"]
    return Move(
        id=row["id"], id_hash=row["key"], name=mask_name(row["name"]),
        from_city=row["from_city"], from_city_name=row["from_city_name"],
        to_city=row["to_city"], to_city_name=row["to_city_name"],
        from_jurisdiction=row["from_jurisdiction"], to_jurisdiction=row["to_jurisdiction"],
        left_on=None if left is None else stored_date(left), arrived_on=stored_date(row["arrived_on"]),
    )  # fmt: skip


@dataclass(frozen=True)
class Stay:
    """One city's record of a talent (人才档案 across cities), as its source gave it."""

    source: str
    record_id: str
    jurisdiction_code: str | None
    city_code: str | None
    status: str | None
    name: str | None  # masked
    arrived_on: dt.date | None
    left_on: dt.date | None


async def talent_history(ctx: RequestContext, id_hash: str) -> list[Stay]:
    """Every record of one person (one idHash) the caller may see, by arrival: one person,
    a history in several cities."""
    check_operand(id_hash, "idHash", KEY_LENGTH)
    rows = await (
        records(ctx, "TALENT").filter(key=id_hash).order_by("started_on", "id")
        .values("source__name", "record_id", "jurisdiction_code", "city_code", "status", "data",
                "started_on", "ended_on")
    )  # fmt: skip
    return [
        Stay(r["source__name"], r["record_id"], r["jurisdiction_code"], r["city_code"], r["status"],
             mask_name((r["data"] or {}).get("name")), r["started_on"], r["ended_on"])
        for r in rows
    ]  # fmt: skip
