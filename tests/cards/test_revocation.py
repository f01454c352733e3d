"""Card revocation (人才卡收回) through the API: employer proposal → window → HR bureau →
talent office, each party only at its own stage; a revoked card opens no service."""

from __future__ import annotations

import asyncio

import pytest
from arq.connections import ArqRedis

from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import encode_id
from schema.models import (
    AuditEvent,
    Card,
    CardRevocation,
    CardRevocationStep,
    Department,
    Notification,
    ServiceItem,
    Talent,
    User,
)
from schema.models.enums import CardStatus
from tests.support.graphql import GraphQLClient, error_codes

PROPOSE = """mutation($id: ID!, $reason: String!) {
  proposeCardRevocation(input: {cardId: $id, reason: $reason}) {
    revocation { id status reason proposedBy cardNumber } userErrors { field code message } } }"""
REVIEW = """mutation($id: ID!, $decision: ReviewDecision!, $reason: String!) {
  reviewCardRevocation(input: {revocationId: $id, decision: $decision, reason: $reason}) {
    revocation { id status decidedAt steps { stage decision reason actor } }
    userErrors { field code message } } }"""
REVOCATIONS = """query($filter: CardRevocationFilter) { cardRevocations(filter: $filter) {
  totalCount nodes { id status cardNumber card { number } } } }"""
CARD = """query($id: ID!) { node(id: $id) { ... on Card { status
  events { kind actor reason } revocations { status steps { stage decision } } } } }"""
SUBMIT = """mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
  serviceRequest { id } userErrors { field code message } } }"""
REINSTATE = """mutation($id: ID!) { reinstateCard(input: {cardId: $id, reason: "核查结束"}) {
  card { status } userErrors { code } } }"""
UNIT = "unit_hr"
UNIT_PASSWORD = "unit-pass-2026"


async def _demo_card() -> Card:
    talent_id = (await User.get(username="talent_demo")).talent_id
    return await Card.get(holder_id=talent_id, status=CardStatus.ACTIVE)


async def _unit_specialist(client: GraphQLClient, employer_id: int, name: str = UNIT) -> None:
    """A unit specialist (单位专员) of the employer, granted as an office would."""
    await User.create(username=name, password_hash=hash_password(UNIT_PASSWORD))
    await add_grant(user_subject(name), "unit_specialist", f"org:{employer_id}")
    await client.login(name, UNIT_PASSWORD)


async def _propose(client: GraphQLClient, card: Card, reason: str = "已离职，单位申请收回") -> dict:
    talent = await Talent.get(id=card.holder_id)
    await _unit_specialist(client, talent.employer_id)
    data = await client.data(PROPOSE, {"id": encode_id("Card", card.id), "reason": reason}, as_user=UNIT)
    return data["proposeCardRevocation"]


async def _review(client: GraphQLClient, rid: str, user: str, decision: str = "APPROVE",
                  reason: str = "同意") -> dict:  # fmt: skip
    data = await client.data(REVIEW, {"id": rid, "decision": decision, "reason": reason}, as_user=user)
    return data["reviewCardRevocation"]


def _codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _told(username: str) -> list[str]:
    user = await User.get(username=username)
    return list(await Notification.filter(recipient_id=user.id, related_type="card_revocation")
                .order_by("id").values_list("subject", flat=True))  # fmt: skip


async def test_the_whole_chain_revokes_the_card_and_it_opens_no_more_services(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    card = await _demo_card()
    proposed = await _propose(client, card)
    assert proposed["userErrors"] == []
    revocation = proposed["revocation"]
    assert revocation["status"] == "WINDOW_REVIEW" and revocation["cardNumber"] == card.number
    assert revocation["proposedBy"] == UNIT
    row = await CardRevocation.get()
    hr = await Department.get(id=row.hr_department_id)
    assert hr.name == "石家庄市人力资源和社会保障局" and row.employer_id is not None
    assert await _told("changan_window") == [f"人才卡收回申请 {card.number}"]
    rid = revocation["id"]

    # The window's stage: neither the HR bureau nor the office may decide it, another county
    # cannot even see it.
    assert _codes(await _review(client, rid, "sjz_hr_handler")) == ["FORBIDDEN"]
    assert _codes(await _review(client, rid, "changan_admin")) == ["FORBIDDEN"]
    assert _codes(await _review(client, rid, "zhengding_admin")) == ["NOT_FOUND"]
    assert _codes(await _review(client, rid, "changan_window", reason=" ")) == ["VALIDATION"]
    step = await _review(client, rid, "changan_window", reason="情况属实")
    assert step["userErrors"] == [] and step["revocation"]["status"] == "HR_REVIEW"
    assert await _told("sjz_hr_handler") == [f"人才卡收回待审 {card.number}"]

    # The HR bureau's stage: its handler finds it in the list (card number, not the card).
    waiting = {"filter": {"status": {"eq": "HR_REVIEW"}}}
    inbox = await client.data(REVOCATIONS, waiting, as_user="sjz_hr_handler")
    assert inbox["cardRevocations"]["totalCount"] == 1
    assert inbox["cardRevocations"]["nodes"][0]["cardNumber"] == card.number
    assert inbox["cardRevocations"]["nodes"][0]["card"] is None  # no card:read for a handler
    assert _codes(await _review(client, rid, "sjz_police_handler")) == ["NOT_FOUND"]
    assert _codes(await _review(client, rid, "changan_window")) == ["FORBIDDEN"]
    assert _codes(await _review(client, rid, "sjz_admin")) == ["FORBIDDEN"]
    step = await _review(client, rid, "sjz_hr_handler", reason="人社局核实")
    assert step["revocation"]["status"] == "OFFICE_REVIEW"

    # The talent office decides last; the card is revoked at once.
    assert _codes(await _review(client, rid, "sjz_hr_handler")) == ["FORBIDDEN"]
    assert _codes(await _review(client, rid, "changan_window")) == ["FORBIDDEN"]
    done = await _review(client, rid, "changan_admin", reason="准予收回")
    assert done["userErrors"] == []
    assert done["revocation"]["status"] == "REVOKED" and done["revocation"]["decidedAt"]
    assert [(s["stage"], s["actor"]) for s in done["revocation"]["steps"]] == [
        ("WINDOW_REVIEW", "changan_window"), ("HR_REVIEW", "sjz_hr_handler"),
        ("OFFICE_REVIEW", "changan_admin"),
    ]
    assert (await Card.get(id=card.id)).status == CardStatus.REVOKED
    seen = (await client.data(CARD, {"id": encode_id("Card", card.id)}, as_user="talent_demo"))["node"]
    assert seen["status"] == "REVOKED"
    assert [e["kind"] for e in seen["events"]][-5:] == [
        "REVOCATION_PROPOSED", "REVOCATION_REVIEWED", "REVOCATION_REVIEWED", "REVOCATION_REVIEWED", "REVOKED"
    ]
    assert seen["revocations"] == []  # a talent holds no card_revocation:read
    assert await _told("talent_demo") == [f"人才卡已收回 {card.number}"]
    assert await _told(UNIT) == [f"人才卡已收回 {card.number}"]
    audited = await AuditEvent.filter(target_type="card_revocation").values_list("operation", flat=True)
    assert sorted(audited) == ["proposeCardRevocation"] + ["reviewCardRevocation"] * 3

    # A revoked card opens no service, and cannot be revoked or decided again.
    item = await ServiceItem.get(code="sjz.medical")
    submitted = await client.data(SUBMIT, {"input": {
        "talentId": encode_id("Talent", card.holder_id), "itemIds": [encode_id("ServiceItem", item.id)],
    }}, as_user="changan_window")  # fmt: skip
    assert ("talentId", "INVALID_STATE") in [
        (e["field"], e["code"]) for e in submitted["submitServiceRequest"]["userErrors"]
    ]
    again = await client.data(PROPOSE, {"id": encode_id("Card", card.id), "reason": "再次收回"}, as_user=UNIT)
    assert _codes(again["proposeCardRevocation"]) == ["INVALID_STATE"]
    assert _codes(await _review(client, rid, "changan_admin")) == ["INVALID_STATE"]
    assert await CardRevocation.all().count() == 1 and await CardRevocationStep.all().count() == 3


async def test_a_rejection_ends_the_chain_and_the_card_stays(client: GraphQLClient) -> None:
    card = await _demo_card()
    rid = (await _propose(client, card))["revocation"]["id"]
    gid = encode_id("Card", card.id)
    second = await client.data(PROPOSE, {"id": gid, "reason": "重复申请"}, as_user=UNIT)
    assert _codes(second["proposeCardRevocation"]) == ["CONFLICT"]
    await _review(client, rid, "changan_window")
    rejected = await _review(client, rid, "sjz_hr_handler", "REJECT", "证据不足")
    assert rejected["revocation"]["status"] == "REJECTED" and rejected["revocation"]["decidedAt"]
    assert (await Card.get(id=card.id)).status == CardStatus.ACTIVE
    assert _codes(await _review(client, rid, "changan_admin")) == ["INVALID_STATE"]
    assert await _told(UNIT) == [f"人才卡收回未通过 {card.number}"]
    events = (await client.data(CARD, {"id": encode_id("Card", card.id)}, as_user="changan_admin"))["node"]
    last = events["events"][-1]
    assert last == {"kind": "REVOCATION_REJECTED", "actor": "sjz_hr_handler", "reason": "证据不足"}
    assert [r["status"] for r in events["revocations"]] == ["REJECTED"]
    # Once closed, a new proposal may start.
    fresh = await client.data(PROPOSE, {"id": encode_id("Card", card.id), "reason": "新情况"}, as_user=UNIT)
    assert fresh["proposeCardRevocation"]["revocation"]["status"] == "WINDOW_REVIEW"


async def test_only_the_holders_employer_or_an_office_proposes_with_a_reason(client: GraphQLClient) -> None:
    card = await _demo_card()
    gid = encode_id("Card", card.id)
    holder = await Talent.get(id=card.holder_id)
    other = await Talent.filter(employer_id__not_isnull=True).exclude(employer_id=holder.employer_id).first()
    await _unit_specialist(client, other.employer_id, "other_unit")
    hidden = await client.data(PROPOSE, {"id": gid, "reason": "无关单位"}, as_user="other_unit")
    assert _codes(hidden["proposeCardRevocation"]) == ["NOT_FOUND"]
    window = await client.data(PROPOSE, {"id": gid, "reason": "窗口"}, as_user="changan_window")
    assert _codes(window["proposeCardRevocation"]) == ["FORBIDDEN"]
    holder_self = await client.data(PROPOSE, {"id": gid, "reason": "本人"}, as_user="talent_demo")
    assert _codes(holder_self["proposeCardRevocation"]) == ["FORBIDDEN"]
    await _unit_specialist(client, holder.employer_id)
    blank = await client.data(PROPOSE, {"id": gid, "reason": ""}, as_user=UNIT)
    assert [(e["field"], e["code"]) for e in blank["proposeCardRevocation"]["userErrors"]] == [
        ("reason", "VALIDATION")
    ]
    assert not await CardRevocation.exists()
    # An office may start the chain too, but does not decide its own proposal.
    by_office = await client.data(PROPOSE, {"id": gid, "reason": "人才办发起"}, as_user="sjz_admin")
    rid = by_office["proposeCardRevocation"]["revocation"]["id"]
    await _review(client, rid, "changan_window")
    await _review(client, rid, "sjz_hr_handler")
    assert _codes(await _review(client, rid, "sjz_admin")) == ["FORBIDDEN"]
    assert (await _review(client, rid, "changan_admin"))["revocation"]["status"] == "REVOKED"


async def test_only_active_or_suspended_cards_are_proposed_and_a_pending_one_stays_suspended(
    client: GraphQLClient,
) -> None:
    card = await _demo_card()
    gid = encode_id("Card", card.id)
    talent = await Talent.get(id=card.holder_id)
    await _unit_specialist(client, talent.employer_id)
    await Card.filter(id=card.id).update(status=CardStatus.SUSPENDED)
    ok = await client.data(PROPOSE, {"id": gid, "reason": "暂停期间申请收回"}, as_user=UNIT)
    assert ok["proposeCardRevocation"]["userErrors"] == []
    # While the chain runs, the suspension is not lifted.
    back = await client.data(REINSTATE, {"id": gid}, as_user="changan_admin")
    assert _codes(back["reinstateCard"]) == ["INVALID_STATE"]
    await CardRevocation.all().delete()
    for status in (CardStatus.EXPIRED, CardStatus.SUPERSEDED, CardStatus.REVOKED):
        await Card.filter(id=card.id).update(status=status)
        refused = await client.data(PROPOSE, {"id": gid, "reason": "收回"}, as_user=UNIT)
        assert _codes(refused["proposeCardRevocation"]) == ["INVALID_STATE"], status
    assert not await CardRevocation.exists()


async def test_a_revocation_outside_the_callers_scope_is_not_found_in_lists(client: GraphQLClient) -> None:
    card = await _demo_card()
    rid = (await _propose(client, card))["revocation"]["id"]
    for user, count in (("changan_window", 1), ("sjz_hr_handler", 1), ("changan_admin", 1), (UNIT, 1),
                        ("zhengding_admin", 0), ("sjz_police_handler", 0), ("talent_demo", 0)):  # fmt: skip
        listed = await client.data(REVOCATIONS, as_user=user)
        assert listed["cardRevocations"]["totalCount"] == count, user
    by_id = await client.data(REVOCATIONS, {"filter": {"id": {"eq": rid}}}, as_user="zhengding_admin")
    assert by_id["cardRevocations"]["totalCount"] == 0
    body = await client.execute(REVIEW, {"id": "garbage", "decision": "APPROVE", "reason": "x"},
                                as_user="changan_window")  # fmt: skip
    assert error_codes(body) == [] and _codes(body["data"]["reviewCardRevocation"]) == ["VALIDATION"]


@pytest.mark.postgres_only
async def test_two_proposals_at_once_open_one_revocation(client: GraphQLClient) -> None:
    card = await _demo_card()
    talent = await Talent.get(id=card.holder_id)
    await _unit_specialist(client, talent.employer_id)
    gid = encode_id("Card", card.id)
    both = await asyncio.gather(*(
        client.data(PROPOSE, {"id": gid, "reason": f"同时申请 {n}"}, as_user=UNIT) for n in range(2)
    ))  # fmt: skip
    codes = sorted(c for b in both for c in _codes(b["proposeCardRevocation"]))
    assert codes == ["CONFLICT"]
    assert await CardRevocation.filter(card_id=card.id).count() == 1
