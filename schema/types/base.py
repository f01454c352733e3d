"""Relay building blocks: Node, connections, page info, and user errors."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from resolvers.core.errors import ErrorCode as ErrorCodeValue
from resolvers.core.errors import UserError as UserErrorValue
from resolvers.listing.pagination import Page

T = TypeVar("T")

ErrorCode = strawberry.enum(
    ErrorCodeValue,
    name="ErrorCode",
    description="错误代码 · stable error codes of userErrors and extensions.code",
)


@strawberry.interface(description="节点 · an object with an opaque global ID (Relay)")
class Node:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")


@strawberry.type(description="分页信息 · page information (Relay)")
class PageInfo:
    has_next_page: bool = strawberry.field(description="有下一页 · more rows follow")
    has_previous_page: bool = strawberry.field(description="有上一页 · rows precede")
    start_cursor: str | None = strawberry.field(description="首游标 · cursor of the first edge")
    end_cursor: str | None = strawberry.field(
        description="尾游标 · cursor of the last edge; pass as `after` for the next page"
    )


@strawberry.type(description="边 · an edge of a connection: a node and its cursor")
class Edge(Generic[T]):
    node: T = strawberry.field(description="节点 · the object")
    cursor: str = strawberry.field(description="游标 · position for `after`")


@strawberry.type(description="连接 · a page of a list (Relay connection)")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="边 · the page's edges")
    page_info: PageInfo = strawberry.field(description="分页信息 · page information")
    page: strawberry.Private[Page]

    @strawberry.field(description="节点 · the page's objects, without cursors")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="总数 · number of rows matching the filter, all pages")
    async def total_count(self) -> int:
        return await self.page.total.count()


def to_connection(page: Page, convert: Callable[[Any], Any]) -> Any:
    edges = [Edge(node=convert(row), cursor=c) for row, c in zip(page.rows, page.cursors, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        page=page,
    )


@strawberry.type(name="UserError", description="用户错误 · an expected failure of a mutation")
class UserErrorType:
    field: str | None = strawberry.field(description="字段 · the input field at fault, if any")
    code: ErrorCode = strawberry.field(description="代码 · stable error code")
    message: str = strawberry.field(description="说明 · human-readable explanation, in Chinese")
    message_en: str | None = strawberry.field(
        default=None, description="英文说明 · the explanation in English, for integrators"
    )

    @classmethod
    def of(cls, error: UserErrorValue) -> UserErrorType:
        return cls(field=error.field, code=error.code, message=error.message, message_en=error.message_en)


@strawberry.enum(description="排序方向 · sort direction")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="统计周期 · how a date is cut for a grouped count")
class DatePeriod(Enum):
    DAY = "DAY"
    MONTH = "MONTH"
    YEAR = "YEAR"


@strawberry.type(name="GroupCount", description="分组计数 · one bucket of a grouped count (for charts)")
class GroupCountType:
    keys: list[str | None] = strawberry.field(
        description="分组值 · the bucket's value per grouping (a global ID for records, 2026-05 for a month)"
    )
    labels: list[str | None] = strawberry.field(
        description="显示名称 · what to show per grouping (中文 for enum values, names for records)"
    )
    count: int = strawberry.field(description="数量 · rows in the bucket")

