"""clientMutationId on submitServiceRequest: a resend with the same key answers with the
first request and writes nothing; a twin sent at the same moment makes no second one."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import asyncpg
import pytest
from arq.connections import ArqRedis

from jobs.idempotency import prune_idempotency_keys
from jobs.worker import WorkerSettings
from resolvers.core.ids import encode_id
from schema import clock
from schema.models import (
    AuditEvent,
    Handoff,
    IdempotencyKey,
    Notification,
    OutboxEntry,
    ServiceItem,
    ServiceRequest,
    StatusChange,
    Talent,
    User,
)
from tests.support.graphql import GraphQLClient
from tests.support.postgres import until

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) {
    serviceRequest { id handoffs { id } }
    clientMutationId
    userErrors { field code }
  }
}"""
WINDOW = "changan_window"


async def _input(*codes: str, key: str | None = None, **more: Any) -> dict[str, Any]:
    talent = await Talent.get(id=(await User.get(username="talent_demo")).talent_id)
    items = await ServiceItem.filter(code__in=codes).order_by("id")
    item_ids = [encode_id("ServiceItem", i.id) for i in items]
    given = {"talentId": encode_id("Talent", talent.id), "itemIds": item_ids}
    return given | ({"clientMutationId": key} if key is not None else {}) | more


async def _submit(client: GraphQLClient, given: dict[str, Any], user: str = WINDOW) -> dict[str, Any]:
    return (await client.data(SUBMIT, {"input": given}, as_user=user))["submitServiceRequest"]


def _errors(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def _written() -> dict[str, int]:
    """Everything a submission writes, counted."""
    return {
        "requests": await ServiceRequest.all().count(),
        "handoffs": await Handoff.all().count(),
        "audit": await AuditEvent.filter(operation="submitServiceRequest").count(),
        "outbox": await OutboxEntry.all().count(),
        "history": await StatusChange.all().count(),
        "notifications": await Notification.all().count(),
        "keys": await IdempotencyKey.all().count(),
    }


async def test_a_resend_with_the_same_key_answers_with_the_first_request_and_writes_nothing(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    given = await _input("sjz.household", "sjz.school", key="window-7f3a-0001")
    first = await _submit(client, given)
    assert first["userErrors"] == [] and first["clientMutationId"] == "window-7f3a-0001"
    before = await _written()
    assert before["requests"] == 1 and before["handoffs"] == 3 and before["audit"] == 1
    assert await OutboxEntry.filter(key__startswith="handoff:").count() == 3  # one per handoff

    again = await _submit(client, given)
    assert again["userErrors"] == [] and again["clientMutationId"] == "window-7f3a-0001"
    assert again["serviceRequest"] == first["serviceRequest"]  # the same request, the same handoffs
    assert await _written() == before


async def test_the_same_key_with_another_input_is_a_conflict_and_changes_nothing(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    first = await _submit(client, await _input("sjz.school", key="k-1"))
    assert first["userErrors"] == []
    before = await _written()
    other_items = await _input("sjz.household", key="k-1")
    for other in (other_items, await _input("sjz.school", key="k-1", note="加急")):
        refused = await _submit(client, other)
        assert _errors(refused) == [("clientMutationId", "CONFLICT")] and refused["serviceRequest"] is None
    assert await _written() == before


async def test_another_user_with_the_same_key_gets_a_request_of_their_own(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    window = await _submit(client, await _input("sjz.school", key="shared-key"))
    item = await ServiceItem.get(code="sjz.household")
    materials = [{"itemId": encode_id("ServiceItem", item.id), "name": m, "state": "ATTACHED"}
                 for m in item.materials or []]  # fmt: skip
    own = await _submit(client, await _input("sjz.household", key="shared-key", materials=materials),
                        user="talent_demo")  # fmt: skip
    assert window["userErrors"] == [] and own["userErrors"] == []
    assert own["serviceRequest"]["id"] != window["serviceRequest"]["id"]
    assert await ServiceRequest.all().count() == 2 and await IdempotencyKey.all().count() == 2


async def test_without_a_key_or_with_a_new_one_an_open_request_for_the_same_items_is_still_a_conflict(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    first = await _submit(client, await _input("sjz.school"))
    assert first["userErrors"] == [] and first["clientMutationId"] is None
    assert _errors(await _submit(client, await _input("sjz.school"))) == [("itemIds", "CONFLICT")]
    assert _errors(await _submit(client, await _input("sjz.school", key="new"))) == [("itemIds", "CONFLICT")]
    assert await ServiceRequest.all().count() == 1
    assert not await IdempotencyKey.exists()  # a refused submission leaves no key behind


async def test_a_key_is_1_to_100_printable_ascii_characters(client: GraphQLClient, queue: ArqRedis) -> None:
    before = await _written()
    for key in ("", "x" * 101, "幂等键", "line\nbreak", "tab\there"):
        refused = await _submit(client, await _input("sjz.school", key=key))
        assert _errors(refused) == [("clientMutationId", "VALIDATION")], key
    assert await _written() == before
    made = await _submit(client, await _input("sjz.school", key="~ " + "x" * 98))
    assert made["userErrors"] == []


async def test_a_resend_for_a_request_the_caller_no_longer_sees_is_not_found(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    given = await _input("sjz.school", key="k-moved")
    made = await _submit(client, given)
    await ServiceRequest.all().update(jurisdiction_id="130123")  # out of the window's county
    again = await _submit(client, given)
    assert _errors(again) == [("clientMutationId", "NOT_FOUND")] and again["serviceRequest"] is None
    assert made["serviceRequest"] and await ServiceRequest.all().count() == 1


WAITING = """select count(*) from pg_stat_activity
  where wait_event_type = 'Lock' and query ilike 'insert into "idempotency_key"%'"""


@pytest.mark.postgres_only
async def test_twins_sent_at_the_same_moment_make_one_request(
    client: GraphQLClient, queue: ArqRedis, database_url: str
) -> None:
    given = await _input("sjz.household", "sjz.school", key="twin")
    await client.login(WINDOW)
    blocker, watcher = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        hold = blocker.transaction()
        await hold.start()
        await blocker.execute('LOCK TABLE "idempotency_key" IN SHARE MODE')  # reads pass, inserts wait
        twins = [asyncio.create_task(_submit(client, given)) for _ in range(3)]
        await until(watcher, WAITING, 3)  # each has looked the key up and found nothing
        await hold.rollback()
        answers = await asyncio.gather(*twins)
    finally:
        await blocker.close()
        await watcher.close()
    assert [a["userErrors"] for a in answers] == [[], [], []]
    assert len({a["serviceRequest"]["id"] for a in answers}) == 1
    written = await _written()
    assert written["requests"] == 1 and written["handoffs"] == 3 and written["audit"] == 1
    assert written["keys"] == 1 and await OutboxEntry.filter(key__startswith="handoff:").count() == 3


async def test_keys_older_than_a_week_are_pruned_daily(client: GraphQLClient, queue: ArqRedis) -> None:
    assert any(job.coroutine is prune_idempotency_keys for job in WorkerSettings.cron_jobs)
    for code, key in (("sjz.school", "old"), ("sjz.household", "new")):
        assert (await _submit(client, await _input(code, key=key)))["userErrors"] == []
    week = dt.timedelta(days=7)
    await IdempotencyKey.filter(key="old").update(created_at=clock.now() - week - dt.timedelta(hours=1))
    await IdempotencyKey.filter(key="new").update(created_at=clock.now() - week + dt.timedelta(hours=1))
    assert await prune_idempotency_keys({}) == {"removed": 1}
    assert await IdempotencyKey.all().values_list("key", flat=True) == ["new"]
