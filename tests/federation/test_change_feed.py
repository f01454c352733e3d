"""The change feed (issue 16): every write to the six tables is in it, in order, resumable,
scoped to the federation role's jurisdictions, personal data masked; a slower
transaction's change is never passed by a cursor (PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import asyncpg
import pytest

from resolvers.core.idhash import id_hash
from resolvers.core.settings import get_settings
from resolvers.federation.changes import encode_cursor
from resolvers.federation.compaction import compact_changes
from schema import clock
from schema.models import Card, ChangeRecord, Employer, ServiceRequest, Talent
from tests.support.graphql import GraphQLClient

FEED = """query($after: String, $first: Int, $types: [ChangeType!], $wait: Int) {
  changes(after: $after, first: $first, types: $types, waitSeconds: $wait) {
    edges { cursor node { type key op at data jurisdiction } }
    pageInfo { hasNextPage endCursor }
  }
}"""

PLATFORM = {"as_user": "shandong_platform"}


async def _drain(client: GraphQLClient, after: str | None = None, **kw: Any) -> tuple[list[dict], str | None]:
    """Every change after `after`, page by page; the cursor to resume from."""
    nodes: list[dict] = []
    while True:
        page = (await client.data(FEED, {"after": after, "first": 200, **kw}, **PLATFORM))["changes"]
        nodes += [e["node"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, after


async def _new_talent(name: str, id_number: str) -> Talent:
    template = await Talent.filter(jurisdiction_id="370102").first()
    assert template is not None
    return await Talent.create(
        name=name, id_number=id_number, gender=template.gender, jurisdiction_id="370102",
        phone="13900000000", employer_id=template.employer_id,
    )  # fmt: skip


async def test_every_record_from_the_start_within_scope_and_masked(client: GraphQLClient) -> None:
    nodes, _ = await _drain(client)
    talents = {n["key"]: n for n in nodes if n["type"] == "TALENT" and n["data"]}
    expected = await Talent.filter(jurisdiction_id__startswith="37").values_list("id_number", flat=True)
    assert expected and set(talents) == {id_hash(get_settings(), i) for i in expected}
    assert all(n["data"]["jurisdiction"]["id"] for n in talents.values())
    for node in talents.values():
        assert node["data"]["idNumber"][6:14] == "********", node
    cards = {n["key"] for n in nodes if n["type"] == "CARD" and n["data"]}
    assert cards == set(await Card.filter(jurisdiction_id__startswith="37").values_list("number", flat=True))
    # nothing of Hebei's reaches Shandong's platform; a city office reads no feed at all
    requests = {n["key"] for n in nodes if n["type"] == "SERVICE_REQUEST"}
    assert requests <= set(await ServiceRequest.filter(jurisdiction_id__startswith="37").values_list(
        "number", flat=True))  # fmt: skip
    employers = {n["key"] for n in nodes if n["type"] == "EMPLOYER"}
    assert employers == set(await Employer.filter(jurisdiction_id__startswith="37").values_list(
        "credit_code", flat=True))  # fmt: skip
    assert not (await client.data(FEED, {}, as_user="changan_admin"))["changes"]["edges"]  # a county office
    # a city office reads its own feed (it makes the token its province pulls with)
    own = (await client.data(FEED, {"first": 500}, as_user="jinan_admin"))["changes"]["edges"]
    assert own and {e["node"]["jurisdiction"][:4] for e in own} == {"3701"}
    # links carry the keys other deployments know their records by
    assert {n["data"]["jurisdiction"]["code"][:2] for n in talents.values()} == {"37"}
    holders = [n["data"]["holder"] for n in nodes if n["type"] == "CARD" and n["data"]]
    assert holders and all(h["idHash"] in talents for h in holders)
    linked = [n["data"]["employer"] for n in talents.values() if n["data"]["employer"]]
    assert linked and {e["creditCode"] for e in linked} <= employers
    handoffs = [n["data"]["serviceRequest"] for n in nodes if n["type"] == "HANDOFF" and n["data"]]
    assert all(h["number"] in requests for h in handoffs)


async def test_writes_after_the_cursor_in_order(client: GraphQLClient) -> None:
    _, cursor = await _drain(client)
    talent = await _new_talent("变更流测试", "370102199001011234")
    talent.phone = "13900000001"
    await talent.save()
    employer = await Employer.filter(jurisdiction_id__startswith="37").first()
    assert employer is not None
    employer.industry = "软件和信息技术服务业"
    await employer.save()
    await talent.delete()
    nodes, after = await _drain(client, cursor)
    key = id_hash(get_settings(), "370102199001011234")
    assert [(n["type"], n["op"], n["key"]) for n in nodes] == [
        ("TALENT", "UPSERT", None), ("TALENT", "UPSERT", None),  # gone since: no data, no key
        ("EMPLOYER", "UPSERT", employer.credit_code), ("TALENT", "DELETE", None),
    ]  # fmt: skip
    assert nodes[2]["data"]["industry"] == "软件和信息技术服务业"
    assert (await _drain(client, after))[0] == []  # resumed at the end: nothing again
    # a live talent's UPSERT carries its key and its masked record
    kept = await _new_talent("变更流测试二", "370102199001015678")
    nodes, _ = await _drain(client, after, types=["TALENT"])
    assert [(n["op"], n["key"]) for n in nodes] == [("UPSERT", id_hash(get_settings(), kept.id_number))]
    assert nodes[0]["data"]["name"] == "变更流测试二" and "*" in nodes[0]["data"]["idNumber"]
    assert key != nodes[0]["key"]


async def test_a_wait_returns_when_a_change_arrives(client: GraphQLClient) -> None:
    _, cursor = await _drain(client)

    async def later() -> None:
        await asyncio.sleep(0.4)
        await _new_talent("等待测试", "370102199001019999")

    writer = asyncio.create_task(later())
    started = asyncio.get_running_loop().time()
    page = (await client.data(FEED, {"after": cursor, "wait": 10}, **PLATFORM))["changes"]
    await writer
    assert [e["node"]["type"] for e in page["edges"]] == ["TALENT"]
    assert asyncio.get_running_loop().time() - started < 5
    bad = await client.execute(FEED, {"after": cursor, "wait": 26}, **PLATFORM)
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION"
    for cursor in ("nope", encode_cursor(2**63, 1), encode_cursor(-1, 5)):  # never the database's error
        bad = await client.execute(FEED, {"after": cursor}, **PLATFORM)
        assert bad["errors"][0]["extensions"]["code"] == "VALIDATION", bad


@pytest.mark.postgres_only
async def test_a_slower_transaction_is_not_passed(client: GraphQLClient, database_url: str) -> None:
    _, cursor = await _drain(client)
    first, second = await Talent.filter(jurisdiction_id="370102").order_by("id").limit(2)
    slow = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        transaction = slow.transaction()
        await transaction.start()
        await slow.execute("UPDATE talent SET name = name WHERE id = $1", first.id)
        second.phone = "13900000002"
        await second.save()  # committed after the slow one began: it waits for it
        assert (await _drain(client, cursor))[0] == []
        await transaction.commit()
    finally:
        await slow.close()
    nodes, _ = await _drain(client, cursor)  # both now, the slower transaction's first
    assert [n["key"] for n in nodes] == [id_hash(get_settings(), t.id_number) for t in (first, second)]


async def test_compaction_keeps_each_record_s_newest_change(client: GraphQLClient) -> None:
    talent = await _new_talent("压缩测试", "370102199001017777")
    for phone in ("13900000003", "13900000004"):
        talent.phone = phone
        await talent.save()
    before, _ = await _drain(client)
    rows = ChangeRecord.filter(kind="TALENT", record_id=talent.id)
    assert await rows.count() == 3
    assert await compact_changes() == 0  # all of today's: kept
    await ChangeRecord.all().update(at=clock.now() - dt.timedelta(days=2))
    removed = await compact_changes()
    assert removed > 0 and await rows.count() == 1
    assert await compact_changes() == 0  # idempotent
    after, _ = await _drain(client)
    # the same records, each once, in the newest state; nothing of the latest lost
    assert {(n["type"], n["key"]) for n in after} == {(n["type"], n["key"]) for n in before}
    assert len(after) == len({(n["type"], n["key"]) for n in after})
    mine = [n for n in after if n["key"] == id_hash(get_settings(), talent.id_number)]
    assert [n["data"]["name"] for n in mine] == ["压缩测试"]
