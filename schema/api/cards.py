"""Cards (人才卡): `cards`, `cardRevocations`, `issueCard`, `renewCard`, `suspendCard`,
`reinstateCard`, `proposeCardRevocation`, `reviewCardRevocation`, and the anonymous
`verifyCard(token)` (the same answer as GET /cards/verify)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers.cards import lifecycle as ops
from resolvers.cards import revocation as revocations
from resolvers.cards.check import CardCheck
from resolvers.cards.rate_limit import card_check_allowed
from resolvers.core.errors import ErrorCode, UserError
from resolvers.federation.honoured import verify_anywhere
from schema.api.connections import connection_field, counts_field
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.cards import Card, CardRevocation, ReviewDecision, RevocationStatus
from schema.types.common import ctx
from schema.types.filters import (
    CardStatusFilter,
    DateFilter,
    IDFilter,
    StringFilter,
    _enum_filter,
    optional,
)

_IN = "辖区内 · in this jurisdiction or any under it"
RevocationStatusFilter = _enum_filter(RevocationStatus, "RevocationStatusFilter", "收回状态")


@strawberry.input(description="人才卡筛选 · card filter")
class CardFilter:
    id: IDFilter | None = optional("标识 · ID")
    number: StringFilter | None = optional("卡号 · number")
    status: CardStatusFilter | None = optional("状态 · status")
    holder_id: IDFilter | None = optional("持卡人 · holder (a Talent ID)")
    programme_id: IDFilter | None = optional("人才卡项目 · programme")
    tier_id: IDFilter | None = optional("卡等级 · tier")
    issued_on: DateFilter | None = optional("发卡日期 · issued on")
    expires_on: DateFilter | None = optional("有效期至 · expires on")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)
    and_: list[CardFilter] | None = strawberry.field(default=None, name="and", description="且 · all of")
    or_: list[CardFilter] | None = strawberry.field(default=None, name="or", description="或 · any of")
    not_: CardFilter | None = strawberry.field(default=None, name="not", description="非 · not")


@strawberry.input(description="人才卡收回筛选 · card revocation filter")
class CardRevocationFilter:
    id: IDFilter | None = optional("标识 · ID")
    status: RevocationStatusFilter | None = optional("状态 · stage or outcome")  # type: ignore[valid-type]
    card_id: IDFilter | None = optional("人才卡 · card")
    talent_id: IDFilter | None = optional("持卡人 · holder (a Talent ID)")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional(_IN)


CardOrder = order_input("Card", "人才卡", ["ID", "NUMBER", "ISSUED_ON", "EXPIRES_ON"])
CardRevocationOrder = order_input("CardRevocation", "人才卡收回", ["ID"])


@strawberry.input(description="发放人才卡 · issue (or upgrade) a talent's card")
class IssueCardInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    category_id: strawberry.ID | None = optional("人才类别 · category; default the talent's own")


@strawberry.input(description="人才卡续期 · renew a card")
class RenewCardInput:
    card_id: strawberry.ID = strawberry.field(description="人才卡 · the card")


@strawberry.input(description="人才卡暂停或恢复 · suspend or reinstate a card")
class CardStatusInput:
    card_id: strawberry.ID = strawberry.field(description="人才卡 · the card")
    reason: str = strawberry.field(description="理由 · reason (required)")


@strawberry.input(description="申请收回人才卡 · propose revoking a card (收回)")
class ProposeCardRevocationInput:
    card_id: strawberry.ID = strawberry.field(description="人才卡 · the card")
    reason: str = strawberry.field(description="收回理由 · reason (required)")


@strawberry.input(description="审核收回 · decide the current stage of a revocation")
class ReviewCardRevocationInput:
    revocation_id: strawberry.ID = strawberry.field(description="收回申请 · the revocation")
    decision: ReviewDecision = strawberry.field(description="决定 · APPROVE or REJECT")
    reason: str = strawberry.field(description="理由 · reason (required)")


@strawberry.type(description="人才卡变更结果 · result of a card mutation")
class CardPayload:
    card: Card | None = strawberry.field(description="人才卡 · the card, when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="人才卡收回结果 · result of a revocation mutation")
class CardRevocationPayload:
    revocation: CardRevocation | None = strawberry.field(description="收回申请 · when it succeeded")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _card(info: strawberry.Info, work) -> CardPayload:
    return await payload(info, work, CardPayload, "card", Card.from_row)


async def _revocation(info: strawberry.Info, work) -> CardRevocationPayload:
    return await payload(info, work, CardRevocationPayload, "revocation", CardRevocation.from_row)


@strawberry.type
class CardQueries:
    cards = connection_field(ops.CARDS, Card, CardFilter, CardOrder, "人才卡 · cards the caller may see")
    card_counts = counts_field(
        ops.CARDS, ops.CARD_GROUPS, "Card", "人才卡", CardFilter,
        "人才卡分组计数 · cards counted by one or two fields, same scope and filter as the list",
    )  # fmt: skip
    card_revocations = connection_field(
        revocations.CARD_REVOCATIONS, CardRevocation, CardRevocationFilter, CardRevocationOrder,
        "人才卡收回 · revocations the caller may see (window, HR bureau, office, employer)",
    )  # fmt: skip


@strawberry.type
class CardMutations:
    @strawberry.mutation(
        description="发放人才卡 · issue or upgrade a card for the talent's category; CONFLICT when "
        "the talent already holds that tier or a higher one"
    )
    async def issue_card(self, info: strawberry.Info, input: IssueCardInput) -> CardPayload:
        return await _card(info, lambda: ops.issue_card(ctx(info), input.talent_id, input.category_id))

    @strawberry.mutation(description="人才卡续期 · renew an expiring or expired card")
    async def renew_card(self, info: strawberry.Info, input: RenewCardInput) -> CardPayload:
        return await _card(info, lambda: ops.renew_card(ctx(info), input.card_id))

    @strawberry.mutation(description="暂停人才卡 · suspend an active card")
    async def suspend_card(self, info: strawberry.Info, input: CardStatusInput) -> CardPayload:
        return await _card(info, lambda: ops.suspend_card(ctx(info), input.card_id, input.reason))

    @strawberry.mutation(description="恢复人才卡 · reinstate a suspended card")
    async def reinstate_card(self, info: strawberry.Info, input: CardStatusInput) -> CardPayload:
        return await _card(info, lambda: ops.reinstate_card(ctx(info), input.card_id, input.reason))

    @strawberry.mutation(description="申请收回人才卡 · propose revoking a card (用人单位申请)")
    async def propose_card_revocation(
        self, info: strawberry.Info, input: ProposeCardRevocationInput
    ) -> CardRevocationPayload:
        return await _revocation(
            info, lambda: revocations.propose_card_revocation(ctx(info), input.card_id, input.reason)
        )

    @strawberry.mutation(description="审核收回 · window, HR bureau, then office decide in turn")
    async def review_card_revocation(
        self, info: strawberry.Info, input: ReviewCardRevocationInput
    ) -> CardRevocationPayload:
        return await _revocation(info, lambda: revocations.review_card_revocation(
            ctx(info), input.revocation_id, input.decision, input.reason
        ))  # fmt: skip


@strawberry.type(description="验卡结果 · card check: valid or not, and nothing personal but a masked name")
class CardVerification:
    valid: bool = strawberry.field(description="有效 · active, in date, holder still a talent here")
    tier: str | None = strawberry.field(description="卡等级 · tier name (valid cards only)")
    programme: str | None = strawberry.field(description="人才卡项目 · programme name (valid cards only)")
    expires_on: dt.date | None = strawberry.field(description="有效期至 · expires on (valid cards only)")
    holder: str | None = strawberry.field(description="持卡人（脱敏）· masked holder name, e.g. 张*")

    @classmethod
    def from_check(cls, check: CardCheck) -> CardVerification:
        return cls(valid=check.valid, tier=check.tier, programme=check.programme,
                   expires_on=check.expires_on, holder=check.holder)  # fmt: skip


@strawberry.type
class VerificationQueries:
    @strawberry.field(
        description="验卡 · check an e-card token anonymously (rate-limited per client address)"
    )
    async def verify_card(
        self, info: strawberry.Info,
        token: Annotated[str, strawberry.argument(description="电子卡令牌 · token read from the QR code")],
    ) -> CardVerification:  # fmt: skip
        context = ctx(info)
        if not await card_check_allowed(context.request):
            raise UserError(None, ErrorCode.LIMIT_EXCEEDED, "本地址验卡过于频繁，请稍后再试",
                            "too many card checks from this address")  # fmt: skip
        return CardVerification.from_check(await verify_anywhere(context.settings, token))
