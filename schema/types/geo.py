"""Jurisdiction (行政区划)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers.core.ids import encode_id
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import JurisdictionLevel


@strawberry.federation.type(keys=["id"], description="行政区划 · jurisdiction (GB/T 2260 code)")
class Jurisdiction(Node):
    code: str = strawberry.field(description="区划代码 · six-digit GB/T 2260 code")
    name: str = strawberry.field(description="名称 · name")
    level: JurisdictionLevel = strawberry.field(description="层级 · level")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Jurisdiction:
        return cls(
            id=strawberry.ID(encode_id("Jurisdiction", row.code)),
            code=row.code,
            name=row.name,
            level=row.level,
            row=row,
        )

    @strawberry.field(description="上级区划 · parent jurisdiction")
    async def parent(
        self, info: strawberry.Info
    ) -> Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")] | None:
        if self.row.parent_id is None:
            return None
        parent = await ctx(info).loaders.jurisdiction.load(self.row.parent_id)
        return Jurisdiction.from_row(parent) if parent else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Jurisdiction:
        return cls.from_row(await resolve_entity(info, "Jurisdiction", id))


async def jurisdiction_of(info: strawberry.Info, code: str | None) -> Jurisdiction | None:
    if code is None:
        return None
    row = await ctx(info).loaders.jurisdiction.load(code)
    return Jurisdiction.from_row(row) if row else None
