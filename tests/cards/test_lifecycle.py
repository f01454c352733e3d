"""Cards (人才卡) through the API: the list and its scopes, manual issue, renewal,
suspension and the daily expiry job, with every change in the card's history."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from arq.connections import ArqRedis

from jobs.cards import expire_cards
from resolvers.cards import lifecycle as cards
from resolvers.cards import revocation as card_revocation
from resolvers.core.ids import encode_id
from schema.clock import add_years, china_today
from schema.models import (
    AuditEvent,
    Card,
    CardEvent,
    CardTier,
    Notification,
    ServiceItem,
    Talent,
    TalentCategory,
    User,
)
from schema.models.enums import CardStatus
from tests.schema.test_indexes import _columns, _leading_columns
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

CARDS = """query($filter: CardFilter, $order: [CardOrder!], $first: Int) {
  cards(filter: $filter, orderBy: $order, first: $first) { totalCount edges { node {
    id number status issuedOn expiresOn tier { code } programme { name } holder { id }
  } } } }"""
CARD = """query($id: ID!) { node(id: $id) { ... on Card { id number status expiresOn statusChangedAt
  events { kind actor reason data at } } } }"""
ISSUE = """mutation($input: IssueCardInput!) { issueCard(input: $input) {
  card { id number status tier { code } expiresOn events { kind } } userErrors { field code message } } }"""
RENEW = """mutation($id: ID!) { renewCard(input: {cardId: $id}) {
  card { status expiresOn } userErrors { field code message } } }"""
SUSPEND = """mutation($id: ID!, $reason: String!) { suspendCard(input: {cardId: $id, reason: $reason}) {
  card { status } userErrors { field code message } } }"""
REINSTATE = """mutation($id: ID!, $reason: String!) { reinstateCard(input: {cardId: $id, reason: $reason}) {
  card { status } userErrors { field code message } } }"""
SUBMIT = """mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
  serviceRequest { id } userErrors { field code message } } }"""


async def _demo_card() -> Card:
    talent_id = (await User.get(username="talent_demo")).talent_id
    return await Card.get(holder_id=talent_id, status=CardStatus.ACTIVE)


def _codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _submit_medical(client: GraphQLClient, card: Card) -> dict:
    item = await ServiceItem.get(code="sjz.medical")
    data = await client.data(SUBMIT, {"input": {
        "talentId": encode_id("Talent", card.holder_id), "itemIds": [encode_id("ServiceItem", item.id)],
    }}, as_user="changan_window")  # fmt: skip
    return data["submitServiceRequest"]


async def test_every_card_filter_and_order_column_is_indexed(db: str) -> None:
    for listing in (cards.CARDS, card_revocation.CARD_REVOCATIONS):
        table = listing.model._meta.db_table
        assert _columns(listing) - await _leading_columns(table, db) == set()


async def test_cards_list_filters_orders_and_keeps_to_the_callers_scope(client: GraphQLClient) -> None:
    card = await _demo_card()
    gid = encode_id("Card", card.id)
    county = await client.data(CARDS, {"filter": {"withinJurisdiction": "130102"}, "first": 100},
                               as_user="changan_admin")  # fmt: skip
    assert county["cards"]["totalCount"] == await Card.filter(jurisdiction_id__startswith="130102").count()
    mine = await client.data(CARDS, {"filter": {"id": {"eq": gid}}}, as_user="changan_admin")
    assert [e["node"]["number"] for e in mine["cards"]["edges"]] == [card.number]
    # Another county's office sees none of it: not in the list, NOT_FOUND by id.
    other = await client.data(CARDS, {"filter": {"id": {"eq": gid}}}, as_user="zhengding_admin")
    assert other["cards"]["totalCount"] == 0
    assert error_codes(await client.execute(CARD, {"id": gid}, as_user="zhengding_admin")) == ["NOT_FOUND"]
    assert (await client.data(CARDS, as_user="zhengding_admin"))["cards"]["totalCount"] == await Card.filter(
        jurisdiction_id="130123"
    ).count()
    # The holder sees their own cards only.
    own = await client.data(CARDS, as_user="talent_demo")
    assert {e["node"]["holder"]["id"] for e in own["cards"]["edges"]} == {encode_id("Talent", card.holder_id)}
    # Filters: status, tier, holder, number, dates; ordering by expiry.
    tier_a = await CardTier.get(id=card.tier_id)
    by = {"status": {"eq": "ACTIVE"}, "tierId": {"eq": encode_id("CardTier", tier_a.id)},
          "holderId": {"eq": encode_id("Talent", card.holder_id)}, "number": {"startsWith": "SJZ-A-"},
          "expiresOn": {"gte": china_today().isoformat()}}  # fmt: skip
    found = await client.data(CARDS, {"filter": by}, as_user="sjz_admin")
    assert [e["node"]["id"] for e in found["cards"]["edges"]] == [gid]
    ordered = await client.data(CARDS, {"filter": {"jurisdictionCode": {"eq": "130102"}},
                                        "order": [{"field": "EXPIRES_ON", "direction": "DESC"}], "first": 50},
                                as_user="sjz_admin")  # fmt: skip
    expiries = [e["node"]["expiresOn"] for e in ordered["cards"]["edges"]]
    assert expiries == sorted(expiries, reverse=True) and len(expiries) > 1
    bad = await client.execute(CARDS, {"filter": {"withinJurisdiction": "13"}}, as_user="sjz_admin")
    assert error_codes(bad) == ["VALIDATION"]


async def test_an_office_issues_a_card_once_and_the_holder_is_told(client: GraphQLClient) -> None:
    category = await TalentCategory.get(code="sjz.E")
    talent = await Talent.filter(cards=None, jurisdiction_id="130102", status="ACTIVE").first()
    await Talent.filter(id=talent.id).update(category_id=category.id)
    tid = encode_id("Talent", talent.id)
    # A window may read cards but not issue them; another county cannot see the talent.
    refused = await client.data(ISSUE, {"input": {"talentId": tid}}, as_user="changan_window")
    assert _codes(refused["issueCard"]) == ["FORBIDDEN"]
    hidden = await client.data(ISSUE, {"input": {"talentId": tid}}, as_user="zhengding_admin")
    assert _codes(hidden["issueCard"]) == ["NOT_FOUND"]
    made = (await client.data(ISSUE, {"input": {"talentId": tid}}, as_user="changan_admin"))["issueCard"]
    assert made["userErrors"] == []
    card = made["card"]
    assert card["status"] == "ACTIVE" and card["tier"]["code"] == "B"
    assert card["events"] == [{"kind": "ISSUED"}]
    assert card["expiresOn"] == add_years(china_today(), 5).isoformat()
    assert await AuditEvent.filter(operation="issueCard", actor="changan_admin").count() == 1
    holder_users = await User.filter(talent_id=talent.id).values_list("id", flat=True)
    if holder_users:
        assert await Notification.filter(recipient_id__in=holder_users, related_type="card").exists()
    # The same tier again: CONFLICT, nothing written.
    again = await client.data(ISSUE, {"input": {"talentId": tid}}, as_user="changan_admin")
    assert _codes(again["issueCard"]) == ["CONFLICT"]
    assert await Card.filter(holder_id=talent.id).count() == 1
    # A higher category upgrades: the old card is superseded.
    higher = encode_id("TalentCategory", (await TalentCategory.get(code="sjz.B")).id)
    up = await client.data(ISSUE, {"input": {"talentId": tid, "categoryId": higher}}, as_user="sjz_admin")
    assert up["issueCard"]["card"]["tier"]["code"] == "A"
    old = await client.data(CARD, {"id": card["id"]}, as_user="changan_admin")
    assert old["node"]["status"] == "SUPERSEDED"
    assert [e["kind"] for e in old["node"]["events"]] == ["ISSUED", "SUPERSEDED"]


async def test_issuing_for_a_category_without_a_card_tier_is_a_validation_error(
    client: GraphQLClient,
) -> None:
    sjz_a = await TalentCategory.get(code="sjz.A")
    lone = await TalentCategory.create(code="sjz.X", name="无卡类别", ladder=sjz_a.ladder, rank=9,
                                       jurisdiction_id=sjz_a.jurisdiction_id)  # fmt: skip
    talent = await Talent.filter(cards=None, jurisdiction_id="130102", status="ACTIVE").first()
    payload = {"talentId": encode_id("Talent", talent.id), "categoryId": encode_id("TalentCategory", lone.id)}
    result = await client.data(ISSUE, {"input": payload}, as_user="changan_admin")
    errors = result["issueCard"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [("categoryId", "VALIDATION")]
    assert not await Card.filter(holder_id=talent.id).exists()
    assert not await AuditEvent.filter(operation="issueCard").exists()


async def test_renewal_is_open_near_expiry_and_after_it_and_closed_otherwise(client: GraphQLClient) -> None:
    card = await _demo_card()
    gid = encode_id("Card", card.id)
    today = china_today()
    await Card.filter(id=card.id).update(expires_on=today + dt.timedelta(days=91))
    early = await client.data(RENEW, {"id": gid}, as_user="changan_admin")
    assert _codes(early["renewCard"]) == ["INVALID_STATE"]
    # A window may read the card but not renew it; a talent neither.
    assert _codes((await client.data(RENEW, {"id": gid}, as_user="changan_window"))["renewCard"]) == [
        "FORBIDDEN"
    ]
    by_holder = await client.data(RENEW, {"id": gid}, as_user="talent_demo")
    assert _codes(by_holder["renewCard"]) == ["FORBIDDEN"]
    near = today + dt.timedelta(days=30)
    await Card.filter(id=card.id).update(expires_on=near)
    renewed = (await client.data(RENEW, {"id": gid}, as_user="changan_admin"))["renewCard"]
    assert renewed == {"card": {"status": "ACTIVE", "expiresOn": add_years(near, 5).isoformat()},
                       "userErrors": []}  # fmt: skip
    # An expired card runs again from today.
    await Card.filter(id=card.id).update(status=CardStatus.EXPIRED, expires_on=today - dt.timedelta(days=10))
    back = (await client.data(RENEW, {"id": gid}, as_user="sjz_admin"))["renewCard"]
    assert back["card"] == {"status": "ACTIVE", "expiresOn": add_years(today, 5).isoformat()}
    history = (await client.data(CARD, {"id": gid}, as_user="talent_demo"))["node"]["events"]
    renewals = [e for e in history if e["kind"] == "RENEWED"]
    assert [e["data"]["expires_on"] for e in renewals] == [add_years(near, 5).isoformat(),
                                                            add_years(today, 5).isoformat()]  # fmt: skip
    assert await AuditEvent.filter(operation="renewCard").count() == 2
    for status in (CardStatus.SUSPENDED, CardStatus.REVOKED, CardStatus.SUPERSEDED):
        await Card.filter(id=card.id).update(status=status, expires_on=near)
        refused = await client.data(RENEW, {"id": gid}, as_user="changan_admin")
        assert _codes(refused["renewCard"]) == ["INVALID_STATE"], status
        assert (await Card.get(id=card.id)).expires_on == near


async def test_a_suspended_card_opens_no_service_until_reinstated(client: GraphQLClient) -> None:
    card = await _demo_card()
    gid = encode_id("Card", card.id)
    blank = await client.data(SUSPEND, {"id": gid, "reason": "  "}, as_user="changan_admin")
    assert _codes(blank["suspendCard"]) == ["VALIDATION"]
    done = await client.data(SUSPEND, {"id": gid, "reason": "材料存疑，暂停核查"}, as_user="changan_admin")
    assert done["suspendCard"] == {"card": {"status": "SUSPENDED"}, "userErrors": []}
    twice = await client.data(SUSPEND, {"id": gid, "reason": "again"}, as_user="changan_admin")
    assert _codes(twice["suspendCard"]) == ["INVALID_STATE"]
    blocked = await _submit_medical(client, card)
    assert ("talentId", "INVALID_STATE") in [(e["field"], e["code"]) for e in blocked["userErrors"]]
    back = await client.data(REINSTATE, {"id": gid, "reason": "核查无误"}, as_user="changan_admin")
    assert back["reinstateCard"] == {"card": {"status": "ACTIVE"}, "userErrors": []}
    assert (await _submit_medical(client, card))["userErrors"] == []
    events = (await client.data(CARD, {"id": gid}, as_user="changan_admin"))["node"]["events"]
    assert [(e["kind"], e["actor"], e["reason"]) for e in events[-2:]] == [
        ("SUSPENDED", "changan_admin", "材料存疑，暂停核查"), ("REINSTATED", "changan_admin", "核查无误")
    ]
    assert await AuditEvent.filter(operation__in=["suspendCard", "reinstateCard"]).count() == 2


async def test_the_expiry_job_notices_once_expires_active_cards_and_changes_nothing_when_run_again(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    card = await _demo_card()
    today = china_today()
    holder = await User.get(username="talent_demo")
    # Everything else far from expiry, so the counts below are the two cards of this test.
    await Card.all().update(expires_on=add_years(today, 20))
    soon = today + dt.timedelta(days=20)
    await Card.filter(id=card.id).update(expires_on=soon)
    lapsed = await Card.filter(status=CardStatus.ACTIVE).exclude(id=card.id).first()
    await Card.filter(id=lapsed.id).update(expires_on=today - dt.timedelta(days=1))
    suspended = await Card.filter(status=CardStatus.ACTIVE).exclude(id__in=[card.id, lapsed.id]).first()
    await Card.filter(id=suspended.id).update(
        status=CardStatus.SUSPENDED, expires_on=today - dt.timedelta(days=3)
    )

    first = await expire_cards({"redis": queue})
    assert first == {"noticed": 1, "expired": 1}
    assert await expire_cards({"redis": queue}) == {"noticed": 0, "expired": 0}
    assert (await Card.get(id=lapsed.id)).status == CardStatus.EXPIRED
    assert (await Card.get(id=card.id)).status == CardStatus.ACTIVE
    assert (await Card.get(id=suspended.id)).status == CardStatus.SUSPENDED  # suspension stays
    assert await CardEvent.filter(card_id=card.id, kind="EXPIRY_NOTICE").count() == 1
    assert await CardEvent.filter(card_id=lapsed.id, kind="EXPIRED").count() == 1
    told = Notification.filter(recipient_id=holder.id, related_type="card")
    notices = await told.values_list("body", flat=True)
    assert len(notices) == 1 and soon.isoformat() in notices[0]
    # The lapsed card no longer opens a service; the list shows it EXPIRED.
    listed = await client.data(CARDS, {"filter": {"status": {"eq": "EXPIRED"}}}, as_user="sjz_admin")
    assert encode_id("Card", lapsed.id) in [e["node"]["id"] for e in listed["cards"]["edges"]]
    # A renewed card is told again before its new expiry, once.
    await client.data(RENEW, {"id": encode_id("Card", card.id)}, as_user="changan_admin")
    later = add_years(soon, 5) - dt.timedelta(days=10)
    assert await expire_cards({}, later.isoformat()) == {"noticed": 1, "expired": 0}
    assert await expire_cards({}, later.isoformat()) == {"noticed": 0, "expired": 0}
    assert await CardEvent.filter(card_id=card.id, kind="EXPIRY_NOTICE").count() == 2


PAGE = """query($first: Int!) { cards(first: $first) { edges { node {
  number tier { code } programme { name } holder { name } supersededBy { number }
  events { kind } revocations { status steps { decision } } } } } }"""


async def test_a_page_of_cards_with_history_costs_the_same_statements_at_any_size(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    counts = []
    for first in (1, 5, 50):
        with query_counter.capture() as q:
            data = await client.data(PAGE, {"first": first}, as_user="sjz_admin")
        assert len(data["cards"]["edges"]) == first
        counts.append(q.count)
    assert counts[1] == counts[2], counts


@pytest.mark.postgres_only
async def test_expiry_runs_at_once_notice_and_expire_each_card_once(demo_db: str) -> None:
    today = china_today()
    await Card.all().update(expires_on=add_years(today, 20))
    active = await Card.filter(status=CardStatus.ACTIVE).order_by("id").limit(20)
    await Card.filter(id__in=[c.id for c in active[:10]]).update(expires_on=today + dt.timedelta(days=5))
    await Card.filter(id__in=[c.id for c in active[10:]]).update(expires_on=today - dt.timedelta(days=5))
    runs = await asyncio.gather(*(expire_cards({}) for _ in range(4)))
    assert sum(r["noticed"] for r in runs) == 10 and sum(r["expired"] for r in runs) == 10
    assert await CardEvent.filter(kind="EXPIRY_NOTICE").count() == 10
    assert await CardEvent.filter(kind="EXPIRED").count() == 10
