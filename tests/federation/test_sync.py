"""Sources and ingestion (issue 16, item 2): this deployment registers a real city
deployment (a `talentgate serve` process on the demo's data) and pulls its feed over HTTP
into the province's store — idempotently, resumably, only for the jurisdictions the
source is registered for, with back-off, lag and error figures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.embedded_redis import free_port
from permissions.grants import add_grant, user_subject
from resolvers.accounts.passwords import hash_password
from resolvers.core.ids import encode_id
from resolvers.federation.sync import SyncOutcome, ingest, pull, sync_source
from schema import clock
from schema.models import AuditEvent, Source, SourceRecord, User
from tests.support.graphql import GraphQLClient
from tests.support.live_server import LiveServer
from tests.support.threaded_server import ThreadedServer

PROVINCE = "shandong_admin"
REGISTER = """mutation($input: RegisterSourceInput!) {
  registerSource(input: $input) {
    source { id name url jurisdictions status lag errors lastSyncedAt cardKeys { kid } }
    userErrors { field code message }
  }
}"""
SOURCES = """{ sources { totalCount edges { node { id name jurisdictions status lag errors lastError
  lastSyncedAt nextAttemptAt contractVersion } } } }"""
ERRORS = """query($f: SourceErrorFilter) { sourceErrors(filter: $f, first: 100) {
  totalCount edges { node { code message kind recordId } } } }"""
RESYNC = """mutation($id: ID!) { resyncSource(input: {id: $id}) { source { id } userErrors { code } } }"""
UPDATE = """mutation($input: UpdateSourceInput!) {
  updateSource(input: $input) { source { id status url } userErrors { field code } } }"""
FEED_COUNT = """query($after: String) { changes(after: $after, first: 500) {
  edges { node { type recordId op jurisdiction } } pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture
async def province(client: GraphQLClient) -> GraphQLClient:
    """The test's deployment plays the province: a province admin of 山东 (370000)."""
    await User.create(username=PROVINCE, password_hash=hash_password("demo-pass-2026"))
    await add_grant(user_subject(PROVINCE), "province_admin", "jur:370000")
    return client


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as session:
        yield session


def _city_feed(city: LiveServer, prefix: str) -> dict[str, dict[str, Any]]:
    """Every record the city's feed carries under `prefix`, by (kind, id): its latest op."""
    token, after, found = city.login("shandong_platform"), None, {}
    while True:
        page = city.gql(FEED_COUNT, {"after": after}, token=token)["data"]["changes"]
        for edge in page["edges"]:
            node = edge["node"]
            if node["jurisdiction"].startswith(prefix):
                found[(node["type"], node["recordId"])] = node
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return found


async def _register(
    province: GraphQLClient, city: LiveServer, jurisdictions: list[str], **extra: Any
) -> dict:
    variables = {"name": "济南市人才服务平台", "url": city.base, "token": city.login("shandong_platform"),
                 "jurisdictions": jurisdictions, **extra}  # fmt: skip
    data = await province.data(REGISTER, {"input": variables}, as_user=PROVINCE)
    return data["registerSource"]


async def _source(province: GraphQLClient, city: LiveServer, jurisdictions: list[str]) -> Source:
    registered = await _register(province, city, jurisdictions)
    assert registered["userErrors"] == [], registered
    return await Source.get(name="济南市人才服务平台")


async def _store() -> dict[tuple[str, str], tuple[Any, ...]]:
    rows = await SourceRecord.all().values(
        "kind", "record_id", "key", "status", "data", "deleted", "synced_at"
    )
    return {(r["kind"], r["record_id"]): tuple(r.values()) for r in rows}


async def test_a_source_is_pulled_whole_and_a_second_pull_changes_nothing(
    db: str, province: GraphQLClient, live_server: LiveServer, http: httpx.AsyncClient
) -> None:
    source = await _source(province, live_server, ["370100"])
    first = await sync_source(source.id, http)
    assert first.caught_up and first.error is None and first.refused == 0
    expected = {k: v for k, v in _city_feed(live_server, "3701").items() if v["op"] == "UPSERT"}
    store = await _store()
    assert set(store) == set(expected) and len(store) > 50
    talent = await SourceRecord.filter(kind="TALENT").first()
    assert (
        talent is not None and talent.key and talent.key == talent.holder_key and talent.city_code == "370100"
    )
    assert talent.data["idNumber"][6:14] == "********"  # as the province's grant may see it: masked
    card = await SourceRecord.filter(kind="CARD").first()
    assert card is not None and card.class_code and card.holder_key and card.data["tier"]["name"]

    again = await sync_source(source.id, http)  # caught up: an empty page, nothing written
    assert again.written == 0 and again.caught_up
    # A full backfill from cursor zero reads every record again and writes none of them.
    assert (await province.data(RESYNC, {"id": _gid(source)}, as_user=PROVINCE))["resyncSource"]["source"]
    backfill = await sync_source(source.id, http)
    assert backfill.caught_up and backfill.written == 0 and backfill.unchanged >= len(store)
    assert await _store() == store

    listed = (await province.data(SOURCES, as_user=PROVINCE))["sources"]["edges"][0]["node"]
    assert (
        listed["lag"] == 0
        and listed["errors"] == 0
        and listed["lastSyncedAt"]
        and listed["status"] == "ACTIVE"
    )
    assert listed["contractVersion"] == "1.0"


async def test_a_page_is_stored_once_whoever_pulls_it(
    db: str, province: GraphQLClient, live_server: LiveServer, http: httpx.AsyncClient
) -> None:
    """Two runs that read the same page (a retried job, two workers): the second finds the
    cursor moved and writes nothing; a run killed before its commit left nothing."""
    source = await _source(province, live_server, ["370100"])
    page = await pull(source, http)
    assert page.changes and page.cursor is None
    assert await ingest(source, page)
    stored, cursor = await _store(), (await Source.get(id=source.id)).cursor
    replay = SyncOutcome()
    assert not await ingest(source, page, replay)  # the same page again, from the old cursor
    assert replay.written == 0 and await _store() == stored
    assert (await Source.get(id=source.id)).cursor == cursor == page.end_cursor


async def test_records_outside_the_registered_jurisdictions_are_refused_and_reported(
    db: str, province: GraphQLClient, live_server: LiveServer, http: httpx.AsyncClient
) -> None:
    """Registered for 济南高新区 (370171) alone, the city's feed (its grant covers all of
    Shandong) carries 历下区 (370102) records too: they are refused, filed, and the pull goes
    on; nothing of 370102 is in the store."""
    source = await _source(province, live_server, ["370171"])
    outcome = await sync_source(source.id, http)
    feed = _city_feed(live_server, "3701")
    outside = {
        k for k, v in feed.items() if v["op"] == "UPSERT" and not v["jurisdiction"].startswith("370171")
    }
    assert outcome.caught_up and outcome.refused == len(outside) > 0
    assert not await SourceRecord.filter(jurisdiction_code="370102").exists()
    assert await SourceRecord.filter(jurisdiction_code="370171").exists()
    errors = await province.data(ERRORS, {"f": {"code": {"eq": "OUT_OF_JURISDICTION"}}}, as_user=PROVINCE)
    assert errors["sourceErrors"]["totalCount"] == len(outside)
    assert {(e["node"]["kind"], e["node"]["recordId"]) for e in errors["sourceErrors"]["edges"]} <= outside
    listed = (await province.data(SOURCES, as_user=PROVINCE))["sources"]["edges"][0]["node"]
    assert listed["errors"] == len(outside) and "370102" in listed["lastError"]


async def test_a_source_that_does_not_answer_is_tried_again_after_a_growing_back_off(
    db: str, province: GraphQLClient, live_server: LiveServer, http: httpx.AsyncClient
) -> None:
    registered = await _register(province, live_server, ["370100"])
    source = await Source.get(name="济南市人才服务平台")
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    await Source.filter(id=source.id).update(url=down)
    delays = []
    for _ in range(3):
        await Source.filter(id=source.id).update(next_attempt_at=None)  # the back-off waited out
        before = clock.now()
        outcome = await sync_source(source.id, http)
        assert outcome.error == "UNREACHABLE" and outcome.pages == 0
        row = await Source.get(id=source.id)
        delays.append(round((row.next_attempt_at - before).total_seconds()))
    assert delays == [2, 4, 8]
    assert await sync_source(source.id, http) == SyncOutcome()  # within its back-off: not even tried
    listed = (await province.data(SOURCES, as_user=PROVINCE))["sources"]["edges"][0]["node"]
    assert listed["errors"] == 3 and listed["lastError"].startswith("UNREACHABLE") and listed["nextAttemptAt"]
    assert listed["lag"] > 0 and listed["lastSyncedAt"] is None and registered["source"]["lag"] == 0
    assert not await SourceRecord.exists()
    # The right address (an update) is tried at once, and the source catches up.
    fixed = await province.data(
        UPDATE, {"input": {"id": _gid(source), "url": live_server.base}}, as_user=PROVINCE
    )
    assert fixed["updateSource"]["userErrors"] == []
    assert (await sync_source(source.id, http)).caught_up
    row = await Source.get(id=source.id)
    assert row.failures == 0 and row.next_attempt_at is None and await SourceRecord.exists()


def _answering(body: bytes) -> ThreadedServer:
    """A real HTTP server whose /graphql answers `body` to every request."""

    async def graphql(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return ThreadedServer(Starlette(routes=[Route("/graphql", graphql, methods=["POST"])]), "scripted source")


async def test_a_feed_of_another_contract_version_is_refused_until_the_source_changes(
    db: str, province: GraphQLClient, live_server: LiveServer, http: httpx.AsyncClient
) -> None:
    source = await _source(province, live_server, ["370100"])
    page = await pull(source, http)
    edges = [{"node": c} for c in page.changes]
    info = {"hasNextPage": False, "endCursor": page.end_cursor}
    newer = {"data": {"changes": {"contractVersion": "2.0", "edges": edges, "pageInfo": info}}}
    older = {"errors": [{"message": "Cannot query field 'contractVersion' on type 'ChangeConnection'."}]}
    for body in (newer, older):
        with _answering(orjson.dumps(body)) as scripted:
            await Source.filter(id=source.id).update(url=scripted.base, status="ACTIVE", next_attempt_at=None)
            outcome = await sync_source(source.id, http)
        row = await Source.get(id=source.id)
        assert outcome.error == "CONTRACT" and row.status == "REFUSED" and row.cursor is None
        assert not await SourceRecord.exists()
        assert await sync_source(source.id, http) == SyncOutcome()  # refused: not pulled again
    # Pointed at a compatible deployment again (an update of its address), it is pulled.
    fixed = await province.data(
        UPDATE, {"input": {"id": _gid(source), "url": live_server.base}}, as_user=PROVINCE
    )
    assert fixed["updateSource"]["source"]["status"] == "ACTIVE"
    assert (await sync_source(source.id, http)).caught_up and await SourceRecord.exists()


def _gid(source: Source) -> str:
    return encode_id("Source", source.id)


async def test_registration_checks_its_input_and_is_audited(
    db: str, province: GraphQLClient, live_server: LiveServer
) -> None:
    bad = await _register(province, live_server, ["370100"], url="ftp://x", token=" ")
    assert {(e["field"], e["code"]) for e in bad["userErrors"]} == {
        ("url", "VALIDATION"),
        ("token", "VALIDATION"),
    }
    hebei = await _register(province, live_server, ["130100"])
    assert [(e["field"], e["code"]) for e in hebei["userErrors"]] == [("jurisdictions", "FORBIDDEN")]
    nested = await _register(province, live_server, ["370100", "370102"])
    assert [e["code"] for e in nested["userErrors"]] == ["VALIDATION"]
    assert not await Source.exists()

    good = await _register(
        province, live_server, ["370100"], cardKeys=[{"kid": "jn1", "publicKey": "A" * 43}]
    )
    assert good["userErrors"] == [] and good["source"]["cardKeys"] == [{"kid": "jn1"}]
    event = await AuditEvent.get(operation="registerSource")
    assert event.jurisdiction_code == "370100" and "token" not in (event.after or {})
    clash = await _register(province, live_server, ["370102"], name="历下区平台")
    assert [(e["field"], e["code"]) for e in clash["userErrors"]] == [("jurisdictions", "CONFLICT")]
    # Others' offices see no source; the token is never read back.
    assert (await province.data(SOURCES, as_user="hebei_admin"))["sources"]["totalCount"] == 0
    unknown = await province.execute("{ sources { edges { node { token } } } }", as_user=PROVINCE)
    assert "Cannot query field 'token'" in unknown["errors"][0]["message"]
