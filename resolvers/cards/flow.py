"""The card's states (人才卡状态) and how it may move between them."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import CardStatus as C

CARD_FLOW = Flow("card", {
    # renewal (续期) keeps an active card active with a new expiry; an upgrade supersedes it
    C.ACTIVE: {C.ACTIVE, C.SUSPENDED, C.SUPERSEDED, C.REVOKED, C.EXPIRED},
    # reinstatement (恢复): active again, or expired if its validity ran out meanwhile
    C.SUSPENDED: {C.ACTIVE, C.EXPIRED, C.REVOKED},
    # a card that lapsed while its revocation chain ran is still revoked: revocation outranks expiry
    C.EXPIRED: {C.ACTIVE, C.REVOKED},
})  # fmt: skip
