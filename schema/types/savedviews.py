"""Saved views (视图)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.core.ids import encode_id
from resolvers.savedviews.access import TYPE_NAME
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.geo import Jurisdiction, jurisdiction_of

JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]


@strawberry.type(description="视图 · a saved view of a list: its filter, columns and order under a name")
class SavedView(Node):
    name: str = strawberry.field(description="名称 · name")
    connection: str = strawberry.field(
        description="所属列表 · the list (Query connection field), e.g. talents"
    )
    filter: JSON | None = strawberry.field(description="筛选条件 · the list's `filter` argument, as saved")
    columns: list[str] = strawberry.field(
        description="列 · field paths from the list's node, e.g. name, employer.name, customFields.owns_home"
    )
    order_by: JSON | None = strawberry.field(description="排序 · the list's `orderBy` argument, as saved")
    owner: str = strawberry.field(description="所有者 · the owner's username")
    owner_name: str | None = strawberry.field(description="所有者姓名 · the owner's display name")
    shared_role: str | None = strawberry.field(
        description="共享角色 · shared (read-only) with this role; null: private to its owner"
    )
    created_at: dt.datetime = strawberry.field(description="创建时间 · created at")
    updated_at: dt.datetime = strawberry.field(description="更新时间 · updated at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> SavedView:
        return cls(
            id=strawberry.ID(encode_id(TYPE_NAME, row.id)),
            name=row.name,
            connection=row.connection,
            filter=row.filter_input,
            columns=list(row.columns or []),
            order_by=row.order_by,
            owner=row.owner.username,
            owner_name=row.owner.display_name,
            shared_role=row.shared_role,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(
        description="共享区划 · shared with the role's holders at this jurisdiction and under it"
    )
    async def shared_jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.shared_jurisdiction_id)

    @strawberry.field(description="本人的 · the caller owns it (may change, share and delete it)")
    def mine(self, info: strawberry.Info) -> bool:
        principal = ctx(info).principal
        return principal is not None and principal.token_id is None and principal.user_id == self.row.owner_id
