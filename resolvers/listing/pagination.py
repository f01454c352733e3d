"""Keyset pagination (with `offset` for tools that page by number).

The cursor holds the order values of the last row plus its primary key, so the
next page is one indexed range query whatever the page number.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import orjson
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from resolvers.core.errors import ErrorCode, UserError, validation

DEFAULT_PAGE = 20


@dataclass(frozen=True)
class OrderColumn:
    column: str
    load: Callable[[Any], Any] = lambda v: v  # cursor JSON value → Python value


def plain_value(value: Any) -> Any:
    """A stored value as JSON carries it: dates and times in ISO form, enums by value."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value



def date_column(column: str) -> OrderColumn:
    return OrderColumn(column, dt.date.fromisoformat)


def datetime_column(column: str) -> OrderColumn:
    return OrderColumn(column, dt.datetime.fromisoformat)


@dataclass
class Page:
    rows: list[Any]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    total: QuerySet  # counted only when a client asks for totalCount


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([plain_value(v) for v in values])).decode()


def _decode_cursor(cursor: str, order: list[tuple[OrderColumn, bool]]) -> list[Any]:
    try:
        values = orjson.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if not isinstance(values, list) or len(values) != len(order):
            raise ValueError
        return [col.load(v) for (col, _), v in zip(order, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeError, orjson.JSONDecodeError):
        raise validation("after", "分页游标无效，请从第一页重新查询", "invalid cursor") from None


def _after_q(order: list[tuple[OrderColumn, bool]], values: list[Any]) -> Q:
    """Rows strictly after `values` in the given order: (a > x) OR (a = x AND b > y) …,
    plus `a >= x` so the planner can start an index range scan at the cursor."""
    branches = []
    for i, (col, desc) in enumerate(order):
        equal = {f"{c.column}": v for (c, _), v in zip(order[:i], values[:i], strict=True)}
        op = "lt" if desc else "gt"
        branches.append(Q(Q(**equal), Q(**{f"{col.column}__{op}": values[i]})))
    first, first_desc = order[0]
    bound = Q(**{f"{first.column}__{'lte' if first_desc else 'gte'}": values[0]})
    return Q(bound, Q(*branches, join_type=Q.OR))


@dataclass
class PageQuery:
    """A page before it is read: `queryset` is ordered, offset and limited to one row more
    than `size` (so the row after the page tells whether there is a next page)."""

    queryset: QuerySet
    order: list[tuple[OrderColumn, bool]]
    size: int
    has_previous: bool
    total: QuerySet

    def page(self, rows: list[Any], value_of: Callable[[Any, str], Any] | None = None,
             cursors: bool = True) -> Page:  # fmt: skip
        return make_page(rows, self.order, self.size, self.has_previous, self.total, value_of, cursors)


def make_page(rows: list[Any], order: list[tuple[OrderColumn, bool]], size: int, has_previous: bool,
              total: Any, value_of: Callable[[Any, str], Any] | None = None,
              cursors: bool = True) -> Page:  # fmt: skip
    """The page of the rows read (one more than `size` when there is a next page);
    `value_of(row, column)` reads a row's order values; `cursors=False`: none encoded."""
    read = value_of or _row_value
    has_next = len(rows) > size
    rows = rows[:size]
    encoded = [encode_cursor([read(r, c.column) for c, _ in order]) for r in rows] if cursors else []
    return Page(rows, encoded, has_next, has_previous, total)


def page_query(
    queryset: QuerySet,
    order: list[tuple[OrderColumn, bool]],
    *,
    first: int | None,
    after: str | None,
    offset: int | None,
    max_page: int,
    pk: str = "id",
) -> PageQuery:
    """`order` is [(column, descending)]; the primary key is appended as tiebreaker."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0:
        raise validation("first", "每页条数不能为负数", "first must not be negative")
    if size > max_page:
        raise UserError(
            "first", ErrorCode.LIMIT_EXCEEDED, f"每页最多 {max_page} 条", f"first is capped at {max_page}"
        )
    if offset is not None and offset < 0:
        raise validation("offset", "偏移量不能为负数", "offset must not be negative")
    if offset is not None and after is not None:
        raise validation("offset", "after 与 offset 只能用其一", "use either after or offset")
    if not any(col.column == pk for col, _ in order):
        order = [*order, (OrderColumn(pk), order[-1][1] if order else False)]

    total = queryset
    page_qs = queryset
    if after is not None:
        page_qs = page_qs.filter(_after_q(order, _decode_cursor(after, order)))
    page_qs = page_qs.order_by(*[("-" if desc else "") + col.column for col, desc in order])
    if offset:
        page_qs = page_qs.offset(offset)
    return PageQuery(page_qs.limit(size + 1), order, size, bool(after or offset), total)


async def read_page(query: PageQuery) -> Page:
    return query.page(list(await query.queryset) if query.size else [])


async def paginate(
    queryset: QuerySet,
    order: list[tuple[OrderColumn, bool]],
    *,
    first: int | None,
    after: str | None,
    offset: int | None,
    max_page: int,
    pk: str = "id",
) -> Page:
    """`order` is [(column, descending)]; the primary key is appended as tiebreaker."""
    return await read_page(page_query(
        queryset, order, first=first, after=after, offset=offset, max_page=max_page, pk=pk
    ))  # fmt: skip


def _row_value(row: Any, column: str) -> Any:
    return getattr(row, column)
