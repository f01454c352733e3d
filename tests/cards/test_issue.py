"""Issuing a card on a recognition, and upgrading it: the old card is superseded."""

from __future__ import annotations

from resolvers.cards.issue import issue_for_category
from schema.clock import china_today
from schema.models import Card, CardEvent, Talent, TalentCategory
from schema.models.enums import CardStatus


async def test_a_card_is_issued_then_kept_then_upgraded_with_history(demo_db: str) -> None:
    talent = await Talent.filter(cards=None, jurisdiction_id="130102").first()
    e = await TalentCategory.get(code="sjz.E")
    card, new = await issue_for_category("t", talent, e, None)
    assert new and card.number.startswith(f"SJZ-B-{china_today().year}-") and card.status == CardStatus.ACTIVE
    again, new = await issue_for_category("t", talent, e, None)
    assert not new and again.id == card.id
    b = await TalentCategory.get(code="sjz.B")
    up, new = await issue_for_category("t", talent, b, None)
    assert new and up.number.startswith("SJZ-A-")
    old = await Card.get(id=card.id)
    assert old.status == CardStatus.SUPERSEDED and old.superseded_by_id == up.id
    kinds = [e.kind for e in await CardEvent.filter(card_id__in=[card.id, up.id]).order_by("id")]
    assert kinds == ["ISSUED", "SUPERSEDED", "UPGRADED"]
