"""Talent cards (人才卡)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers.ids import encode_id
from schema.types.base import Node
from schema.types.catalogue import CardProgramme, CardTier
from schema.types.common import ctx, resolve_entity
from schema.types.enums import CardStatus

if TYPE_CHECKING:
    from schema.types.talents import Talent


TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]


@strawberry.federation.type(keys=["id"], description="人才卡 · talent card")
class Card(Node):
    number: str = strawberry.field(description="卡号 · card number")
    status: CardStatus = strawberry.field(description="状态 · status")
    issued_on: dt.date = strawberry.field(description="发卡日期 · issued on")
    expires_on: dt.date = strawberry.field(description="有效期至 · expires on")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Card:
        return cls(
            id=strawberry.ID(encode_id("Card", row.id)),
            number=row.number,
            status=row.status,
            issued_on=row.issued_on,
            expires_on=row.expires_on,
            row=row,
        )

    @strawberry.field(description="卡等级 · tier")
    async def tier(self, info: strawberry.Info) -> CardTier | None:
        row = await ctx(info).loaders.tier.load(self.row.tier_id)
        return CardTier.from_row(row) if row else None

    @strawberry.field(description="人才卡项目 · programme")
    async def programme(self, info: strawberry.Info) -> CardProgramme | None:
        row = await ctx(info).loaders.programme.load(self.row.programme_id)
        return CardProgramme.from_row(row) if row else None

    @strawberry.field(description="持卡人 · holder")
    async def holder(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        row = await ctx(info).loaders.talent.load(self.row.holder_id)
        return Talent.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Card:
        return cls.from_row(await resolve_entity(info, "Card", id))
