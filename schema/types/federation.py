"""The change feed's types (省级平台)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from schema.types.base import PageInfo


@strawberry.enum(description="变更对象 · the kinds of record the change feed carries")
class ChangeType(Enum):
    TALENT = "TALENT"
    EMPLOYER = "EMPLOYER"
    CARD = "CARD"
    RECOGNITION = "RECOGNITION"
    SERVICE_REQUEST = "SERVICE_REQUEST"
    HANDOFF = "HANDOFF"


@strawberry.enum(description="变更类别 · written (created or changed) or deleted")
class ChangeOp(Enum):
    UPSERT = "UPSERT"
    DELETE = "DELETE"


@strawberry.type(description="变更 · one change of a record, as the province may see the record now")
class Change:
    type: ChangeType = strawberry.field(description="对象 · the kind of record")
    key: str | None = strawberry.field(
        description="自然键 · the key it is matched by across deployments: a talent's idHash, a card's, "
        "recognition's or request's number, an employer's credit code (null for a handoff)"
    )
    op: ChangeOp = strawberry.field(description="类别 · UPSERT or DELETE")
    at: dt.datetime = strawberry.field(description="时间 · when it was written")
    data: JSON | None = strawberry.field(
        description="记录 · the record now, personal fields masked without pii:read; null for a DELETE "
        "or a record gone or out of scope since"
    )


@strawberry.type(description="变更边 · a change and its cursor")
class ChangeEdge:
    cursor: str = strawberry.field(description="游标 · pass as `after` to resume after this change")
    node: Change = strawberry.field(description="变更 · the change")


@strawberry.type(description="变更页 · a page of the change feed, oldest first")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description="变更 · the changes")
    page_info: PageInfo = strawberry.field(description="分页 · endCursor: where to resume")
