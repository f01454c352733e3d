"""`verifyCard(token)`: the anonymous card check, the same answer as GET /cards/verify."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers.cards.check import CardCheck, check_card
from resolvers.cards.rate_limit import card_check_allowed
from resolvers.core.errors import ErrorCode, UserError
from schema.types.common import ctx


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
        if not card_check_allowed(context.request):
            raise UserError(None, ErrorCode.LIMIT_EXCEEDED, "too many card checks from this address")
        return CardVerification.from_check(await check_card(context.settings, token))
