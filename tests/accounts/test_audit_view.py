"""The audit view: offices and auditors search the trail in their jurisdictions, with
personal data masked for every viewer; the chain's state for auditors."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from tortoise.transactions import in_transaction

from permissions.audit import Actor, audit
from permissions.audit_chain import seal_pending
from resolvers.accounts.audit_view import AUDIT_EVENTS
from schema.models import AuditEvent
from schema.sql import execute
from tests.schema.test_indexes import _columns, _leading_columns
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

EVENTS = """query($filter: AuditEventFilter, $first: Int, $orderBy: [AuditEventOrder!]) {
  auditEvents(filter: $filter, first: $first, orderBy: $orderBy) {
    totalCount
    nodes { id at actor operation targetType targetId jurisdictionCode before after
            clientAddress requestId seq hash sealed }
  }
}"""
STATUS = "query($last: Int!) { auditChainStatus(last: $last) { intact checked headSeq headHash unsealedCount brokenEventId brokenSeq reason } }"  # noqa: E501

PERSONAL = {
    "complainant_phone": "13812345678",
    "idNumber": "130102199001011234",
    "address": "石家庄市长安区中山东路100号",
    "contact": {"mobile": "13987654321", "phones": ["15011112222"]},
    "filter": {"id_number": {"eq": "130102199001011234"}},
    "status": "OPEN",
}
MASKED = {
    "complainant_phone": "138****5678",
    "idNumber": "130102********1234",
    "address": "石家庄市长安****",
    "contact": {"mobile": "139****4321", "phones": ["150****2222"]},
    "filter": {"id_number": {"eq": "130102********1234"}},
    "status": "OPEN",
}


async def _event(operation: str, jurisdiction: str | None, *, actor: str = "changan_window",
                  target: tuple[str, str] = ("sample", "1"), **documents: object) -> None:  # fmt: skip
    async with in_transaction():
        await audit(Actor(username=actor, client_address="10.1.1.1", request_id="rq"), operation,
                    target[0], target[1], jurisdiction_code=jurisdiction, **documents)  # fmt: skip


async def _events(client: GraphQLClient, user: str, flt: dict | None = None, **kw: object) -> dict:
    data = await client.data(EVENTS, {"filter": flt, **kw}, as_user=user)
    return data["auditEvents"]


async def test_personal_data_in_before_and_after_is_masked_for_every_viewer(client: GraphQLClient) -> None:
    await _event("sampleFile", "130102", before=PERSONAL, after={"talent": PERSONAL})
    for user in ("auditor_demo", "sjz_admin", "changan_admin"):  # offices hold pii:read elsewhere
        page = await _events(client, user, {"operation": {"eq": "sampleFile"}})
        assert page["totalCount"] == 1, user
        event = page["nodes"][0]
        assert event["before"] == MASKED and event["after"] == {"talent": MASKED}
        assert (event["actor"], event["targetType"], event["targetId"]) == ("changan_window", "sample", "1")
        where = (event["clientAddress"], event["requestId"], event["jurisdictionCode"])
        assert where == ("10.1.1.1", "rq", "130102")


UNMASKED = re.compile(r"(?<![\d*])(1[3-9]\d{9}|\d{17}[\dX])(?![\d*])")


async def test_nothing_the_demo_wrote_into_the_trail_shows_personal_data(client: GraphQLClient) -> None:
    """Whatever the modules write into before/after (talents, complaints, specialists…)."""
    query = """query($after: String) { auditEvents(first: 100, after: $after) {
      nodes { operation before after } pageInfo { hasNextPage endCursor } } }"""
    cursor, seen = None, 0
    while True:
        page = (await client.data(query, {"after": cursor}, as_user="sjz_admin"))["auditEvents"]
        for event in page["nodes"]:
            text = json.dumps([event["before"], event["after"]], ensure_ascii=False)
            assert not UNMASKED.search(text), (event["operation"], text)
        seen += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert seen > 0


async def test_reading_the_trail_is_not_an_unmasked_read(client: GraphQLClient) -> None:
    await _event("sampleFile", "130102", after=PERSONAL)
    await client.login("auditor_demo")
    before = await AuditEvent.all().count()
    await _events(client, "auditor_demo")
    assert await AuditEvent.all().count() == before


async def test_filters_by_actor_operation_target_jurisdiction_and_period(client: GraphQLClient) -> None:
    await _event("sampleRoute", "130102", actor="clerk_a", target=("sample", "7"))
    await _event("sampleRoute", "130123", actor="clerk_b", target=("sample", "8"))
    await _event("sampleAnswer", "130123", actor="clerk_b", target=("sample", "8"))
    old = await AuditEvent.get(operation="sampleAnswer")
    long_ago = dt.datetime(2025, 1, 5, tzinfo=dt.UTC)
    await execute("UPDATE audit_event SET at = ? WHERE id = ?", [long_ago, old.id])

    def ops(page: dict) -> list[tuple[str, str]]:
        return [(n["operation"], n["targetId"]) for n in page["nodes"]]

    user = "auditor_demo"
    assert ops(await _events(client, user, {"actor": {"eq": "clerk_b"}})) == [
        ("sampleAnswer", "8"), ("sampleRoute", "8"),
    ]  # newest first by default  # fmt: skip
    assert ops(await _events(client, user, {"operation": {"in": ["sampleRoute"]}},
                             orderBy=[{"field": "ID", "direction": "ASC"}])) == [
        ("sampleRoute", "7"), ("sampleRoute", "8"),
    ]  # fmt: skip
    assert ops(await _events(client, user, {"targetType": {"eq": "sample"}, "targetId": {"eq": "8"}})) == [
        ("sampleAnswer", "8"), ("sampleRoute", "8"),
    ]  # fmt: skip
    within = {"withinJurisdiction": "130123", "operation": {"startsWith": "sampleR"}}
    assert ops(await _events(client, user, within)) == [("sampleRoute", "8")]
    here = {"jurisdictionCode": {"eq": "130102"}, "operation": {"eq": "sampleRoute"}}
    assert ops(await _events(client, user, here)) == [("sampleRoute", "7")]
    period = {"at": {"gte": "2025-01-01T00:00:00+08:00", "lt": "2025-02-01T00:00:00+08:00"}}
    assert ops(await _events(client, user, period)) == [("sampleAnswer", "8")]
    body = await client.execute(EVENTS, {"filter": {"targetId": {"eq": "8"}}}, as_user=user)
    assert error_codes(body) == ["VALIDATION"]  # a target id is searched within its type


async def test_another_citys_events_and_unplaced_events_never_appear(client: GraphQLClient) -> None:
    await _event("sampleRoute", "130102")
    await _event("sampleRoute", "370102")
    await _event("sampleRoute", None)
    flt = {"operation": {"eq": "sampleRoute"}}
    seen = [n["jurisdictionCode"] for n in (await _events(client, "auditor_demo", flt))["nodes"]]
    assert seen == ["130102"]
    seen = [n["jurisdictionCode"] for n in (await _events(client, "jinan_admin", flt))["nodes"]]
    assert seen == ["370102"]
    assert (await _events(client, "auditor_demo", {**flt, "withinJurisdiction": "370100"}))["totalCount"] == 0


@pytest.mark.parametrize("user", ["talent_demo", "sjz_police_handler", "verifier_demo"])
async def test_those_who_may_not_read_the_trail_see_nothing(client: GraphQLClient, user: str) -> None:
    await _event("sampleRoute", "130102")
    page = await _events(client, user)
    assert page == {"totalCount": 0, "nodes": []}
    body = await client.execute(STATUS, {"last": 10}, as_user=user)
    assert error_codes(body) == ["FORBIDDEN"]


async def _changan_talent(client: GraphQLClient) -> str:
    query = '{ talents(first: 1, filter: {withinJurisdiction: "130102"}) { nodes { id } } }'
    return (await client.data(query, as_user="changan_window"))["talents"]["nodes"][0]["id"]


async def _update_phone(client: GraphQLClient, talent: str, phone: str) -> None:
    mutation = """mutation($id: ID!, $p: String!) {
      updateTalent(input: {id: $id, phone: $p}) { userErrors { code } } }"""
    answer = await client.data(mutation, {"id": talent, "p": phone}, as_user="changan_window")
    assert answer["updateTalent"]["userErrors"] == []


async def test_a_mutation_is_sealed_into_the_chain_when_it_commits(client: GraphQLClient) -> None:
    for user in ("changan_window", "auditor_demo"):
        await client.login(user)  # sign-ins are audited outside a mutation: the sweeper seals them
    await seal_pending()
    await _update_phone(client, await _changan_talent(client), "13700001111")
    event = (await _events(client, "auditor_demo", {"operation": {"eq": "updateTalent"}}))["nodes"][0]
    assert event["sealed"] and event["seq"] and len(event["hash"]) == 64
    assert event["after"] == {"phone": "137****1111"}
    assert await AuditEvent.filter(seq__isnull=True).count() == 0


async def test_the_seal_adds_a_few_statements_to_a_mutation(
    client: GraphQLClient, query_counter: QueryCounter, db: str
) -> None:
    talent = await _changan_talent(client)
    await _update_phone(client, talent, "13700001111")
    with query_counter.capture() as q:
        await _update_phone(client, talent, "13700002222")
    sealing = [s for s in q.statements if "advisory" in s or "seq IS NULL" in s]
    # PostgreSQL: the try-lock, the pending rows with the head, one UPDATE; SQLite: no lock.
    assert len(sealing) == (3 if db.startswith("postgres") else 2), sealing


async def test_the_chain_status_shows_an_auditor_where_the_trail_was_altered(client: GraphQLClient) -> None:
    for n in range(4):
        await _event("sampleRoute", "130102", target=("sample", str(n)))
    await client.login("auditor_demo")
    await seal_pending()
    status = (await client.data(STATUS, {"last": 1000}, as_user="auditor_demo"))["auditChainStatus"]
    assert status["intact"] and status["unsealedCount"] == 0 and status["brokenEventId"] is None
    head = await AuditEvent.get(seq=status["headSeq"])
    assert status["headHash"] == head.hash and status["checked"] == head.seq
    newest = (await client.data(STATUS, {"last": 2}, as_user="auditor_demo"))["auditChainStatus"]
    assert newest["checked"] == 2
    victim = await AuditEvent.filter(operation="sampleRoute").order_by("-seq").first()
    await execute("UPDATE audit_event SET actor = ? WHERE id = ?", ["nobody", victim.id])
    status = (await client.data(STATUS, {"last": 1000}, as_user="auditor_demo"))["auditChainStatus"]
    assert not status["intact"] and status["brokenSeq"] == victim.seq and "content" in status["reason"]
    assert status["brokenEventId"] == (await _events(client, "auditor_demo", {"actor": {"eq": "nobody"}}))[
        "nodes"][0]["id"]  # fmt: skip
    body = await client.execute(STATUS, {"last": 100_000}, as_user="auditor_demo")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]


async def _page_statements(client: GraphQLClient, query_counter: QueryCounter, first: int) -> int:
    await _events(client, "auditor_demo", first=1)  # warm the policy cache
    with query_counter.capture() as q:
        page = await _events(client, "auditor_demo", first=first)
    assert len(page["nodes"]) == first
    return q.count


async def test_a_page_of_50_events_costs_the_same_statements_as_a_page_of_5(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    for n in range(50):
        await _event("sampleRoute", "130102", target=("sample", str(n)), after=PERSONAL)
    small = await _page_statements(client, query_counter, 5)
    large = await _page_statements(client, query_counter, 50)
    assert small == large
    assert large <= 5, large  # principal 3, page, count


async def test_every_filter_and_order_column_of_the_view_is_indexed(db: str) -> None:
    indexed = await _leading_columns("audit_event", db)
    # target_id is only searched beside target_type, which leads the (target_type, target_id) index
    assert _columns(AUDIT_EVENTS) - {"target_id"} <= indexed
    assert "target_type" in indexed
