"""Talent cards (人才卡)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.cards.tokens import token_for_viewer
from resolvers.core.ids import encode_id
from schema.models import enums as stored
from schema.types.base import Node
from schema.types.catalogue import CardProgramme, CardTier
from schema.types.common import ctx, resolve_entity
from schema.types.enums import CardStatus

if TYPE_CHECKING:
    from schema.types.talents import Talent


TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]

CardEventKind = strawberry.enum(
    stored.CardEventKind,
    description="人才卡事件 · ISSUED 发放 / UPGRADED 升级新卡 / SUPERSEDED 被升级替换 / RENEWED 续期 / "
    "SUSPENDED 暂停 / REINSTATED 恢复 / REVOCATION_PROPOSED 申请收回 / REVOCATION_REVIEWED 收回审核 / "
    "REVOCATION_REJECTED 收回未通过 / REVOKED 收回 / EXPIRY_NOTICE 到期提醒 / EXPIRED 过期",
)
RevocationStatus = strawberry.enum(
    stored.RevocationStatus,
    description="收回状态 · WINDOW_REVIEW 窗口审核 / HR_REVIEW 人社局审核 / OFFICE_REVIEW 人才办审批 / "
    "REVOKED 已收回 / REJECTED 未通过",
)
ReviewDecision = strawberry.enum(
    stored.ReviewDecision, description="审核决定 · APPROVE 同意 / REJECT 不同意"
)


@strawberry.type(description="人才卡事件 · one event of a card's history (全程留痕)")
class CardEvent:
    kind: CardEventKind = strawberry.field(description="事件 · what happened")
    actor: str = strawberry.field(description="操作人 · who (system for the daily job)")
    reason: str | None = strawberry.field(description="理由 · reason")
    data: JSON = strawberry.field(description="详情 · details (tier, dates, revocation …)")
    at: dt.datetime = strawberry.field(description="时间 · when")

    @classmethod
    def from_row(cls, row: Any) -> CardEvent:
        return cls(kind=stored.CardEventKind(row.kind), actor=row.actor, reason=row.reason,
                   data=row.data or {}, at=row.at)  # fmt: skip


@strawberry.type(description="收回审核记录 · one decision of a revocation chain")
class CardRevocationStep:
    stage: RevocationStatus = strawberry.field(description="环节 · the stage decided")
    decision: ReviewDecision = strawberry.field(description="决定 · decision")
    reason: str = strawberry.field(description="理由 · reason")
    actor: str = strawberry.field(description="审核人 · who")
    at: dt.datetime = strawberry.field(description="时间 · when")

    @classmethod
    def from_row(cls, row: Any) -> CardRevocationStep:
        return cls(stage=stored.RevocationStatus(row.stage), decision=stored.ReviewDecision(row.decision),
                   reason=row.reason, actor=row.actor, at=row.at)  # fmt: skip


@strawberry.type(description="人才卡收回 · a card revocation: employer → window → HR bureau → office")
class CardRevocation:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    status: RevocationStatus = strawberry.field(description="状态 · stage or outcome")
    reason: str = strawberry.field(description="收回理由 · reason given by the proposer")
    proposed_by: str = strawberry.field(description="申请人 · who proposed")
    created_at: dt.datetime = strawberry.field(description="申请时间 · proposed at")
    decided_at: dt.datetime | None = strawberry.field(description="办结时间 · when the chain ended")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> CardRevocation:
        return cls(id=strawberry.ID(encode_id("CardRevocation", row.id)), status=row.status,
                   reason=row.reason, proposed_by=row.proposed_by, created_at=row.created_at,
                   decided_at=row.decided_at, row=row)  # fmt: skip

    @strawberry.field(description="卡号 · number of the card to revoke")
    async def card_number(self, info: strawberry.Info) -> str:
        return (await ctx(info).loaders.card_of_revocation.load(self.row.card_id)).number

    @strawberry.field(description="人才卡 · the card, when the caller may see it")
    async def card(self, info: strawberry.Info) -> Card | None:
        row = await ctx(info).loaders.card.load(self.row.card_id)
        return Card.from_row(row) if row else None

    @strawberry.field(description="审核记录 · the decisions so far, oldest first")
    async def steps(self, info: strawberry.Info) -> list[CardRevocationStep]:
        rows = await ctx(info).loaders.steps_by_revocation.load(self.row.id)
        return [CardRevocationStep.from_row(r) for r in rows]


@strawberry.federation.type(keys=["id", "number"], description="人才卡 · talent card")
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

    @strawberry.field(description="电子卡令牌 · signed token behind the QR code (holder, card staff)")
    def verification_token(self, info: strawberry.Info) -> str | None:
        return token_for_viewer(ctx(info).settings, ctx(info).principal, self.row)

    @strawberry.field(description="状态变更时间 · when the status last changed")
    def status_changed_at(self) -> dt.datetime | None:
        return self.row.status_changed_at

    @strawberry.field(description="认定 · ID of the recognition the card was issued on")
    def recognition_id(self) -> strawberry.ID | None:
        key = self.row.recognition_id
        return None if key is None else strawberry.ID(encode_id("Recognition", key))

    @strawberry.field(description="升级后的卡 · the card of the upgrade that superseded this one")
    async def superseded_by(self, info: strawberry.Info) -> Card | None:
        if self.row.superseded_by_id is None:
            return None
        row = await ctx(info).loaders.card.load(self.row.superseded_by_id)
        return Card.from_row(row) if row else None

    @strawberry.field(description="卡记录 · every event of the card, oldest first (newest last)")
    async def events(self, info: strawberry.Info) -> list[CardEvent]:
        rows = await ctx(info).loaders.events_by_card.load(self.row.id)
        return [CardEvent.from_row(r) for r in rows]

    @strawberry.field(description="收回申请 · revocations of the card the caller may see")
    async def revocations(self, info: strawberry.Info) -> list[CardRevocation]:
        rows = await ctx(info).loaders.revocations_by_card.load(self.row.id)
        return [CardRevocation.from_row(r) for r in rows]

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID | None = None,
                                number: str | None = None) -> Card:  # fmt: skip
        return cls.from_row(await resolve_entity(info, "Card", id, ("number", number)))
