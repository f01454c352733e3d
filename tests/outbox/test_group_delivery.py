"""A request's INBOX handoffs are delivered by one job; webhooks keep a job each; whichever
job or worker runs first, every handoff is delivered once, with one history line and one
message per handler."""

from __future__ import annotations

import asyncio

import pytest
from arq.connections import ArqRedis

from jobs.keys import QUEUE, handoff_delivery_key
from jobs.outbox.staging import run_outbox, settle_background
from resolvers.core.ids import encode_id
from resolvers.messaging.recipients import department_handlers
from schema.models import Department, Handoff, Notification, OutboxEntry, ServiceItem, StatusChange, User
from schema.models.enums import DeliveryChannel, HandoffStatus, OutboxStatus
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter
from tests.support.webhook_receiver import WebhookReceiver
from tests.support.worker import drain

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) { serviceRequest { id } userErrors { code } } }"""


async def _submit(client: GraphQLClient, *codes: str) -> list[Handoff]:
    talent_id = (await User.get(username="talent_demo")).talent_id
    items = [encode_id("ServiceItem", i.id) for i in await ServiceItem.filter(code__in=codes)]
    variables = {"input": {"talentId": encode_id("Talent", talent_id), "itemIds": items}}
    data = await client.data(SUBMIT, variables, as_user="changan_window")
    assert data["submitServiceRequest"]["userErrors"] == []
    return await Handoff.all().order_by("id").select_related("department")


async def _queued(queue: ArqRedis) -> set[str]:
    return {k.decode() for k in await queue.zrange(QUEUE, 0, -1)}


async def _effects_once(handoffs: list[Handoff]) -> None:
    for h in handoffs:
        assert (await Handoff.get(id=h.id)).status == HandoffStatus.DELIVERED
        assert await StatusChange.filter(handoff_id=h.id, to_status="DELIVERED").count() == 1
        entry = await OutboxEntry.get(key=handoff_delivery_key(h.id))
        assert entry.status == OutboxStatus.DONE
    handlers = await User.filter(username__in=["sjz_police_handler", "sjz_hr_handler", "sjz_edu_handler"])
    for handler in handlers:
        assert await Notification.filter(recipient_id=handler.id, related_type="handoff").count() == 1
    assert await StatusChange.filter(handoff_id=None, to_status="DISPATCHED").count() == 1


async def test_inbox_handoffs_share_one_job_and_a_webhook_keeps_its_own(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    with WebhookReceiver(secret="s" * 32) as rx:
        customs = await Department.get(name="石家庄海关")
        customs.webhook_url, customs.webhook_secret = rx.url, rx.secret
        await customs.save()
        handoffs = await _submit(client, "sjz.household", "sjz.school", "sjz.customs")
        inbox = [h for h in handoffs if h.department.channel == DeliveryChannel.INBOX]
        [webhook] = [h for h in handoffs if h.department.channel == DeliveryChannel.WEBHOOK]
        assert len(inbox) == 3
        assert await drain(redis_url) == 2
        assert len(rx.accepted) == 1
    assert await _queued(queue) == set()
    await _effects_once(inbox)
    assert (await Handoff.get(id=webhook.id)).status == HandoffStatus.DELIVERED


async def test_only_the_first_inbox_handoff_is_enqueued_and_the_sweeper_covers_the_rest(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    handoffs = await _submit(client, "sjz.household", "sjz.school")
    await settle_background()  # the enqueue after commit has landed; nothing has run
    assert await _queued(queue) == {handoff_delivery_key(handoffs[0].id)}
    # every handoff still has its own outbox row for the sweeper
    keys = [handoff_delivery_key(h.id) for h in handoffs]
    assert await OutboxEntry.filter(key__in=keys, status=OutboxStatus.PENDING).count() == 3


async def test_a_siblings_job_delivers_the_group_and_the_leads_job_then_does_nothing(
    client: GraphQLClient, queue: ArqRedis
) -> None:
    handoffs = await _submit(client, "sjz.household", "sjz.school")
    ctx = {"redis": None}
    assert await run_outbox(ctx, handoff_delivery_key(handoffs[2].id)) == "ran"  # e.g. swept first
    assert await run_outbox(ctx, handoff_delivery_key(handoffs[0].id)) == "DONE"
    assert await run_outbox(ctx, handoff_delivery_key(handoffs[1].id)) == "DONE"
    await _effects_once(handoffs)


async def test_a_withdrawn_or_accepted_sibling_is_left_alone(client: GraphQLClient, queue: ArqRedis) -> None:
    handoffs = await _submit(client, "sjz.household", "sjz.school")
    await Handoff.filter(id=handoffs[1].id).update(status=HandoffStatus.ACCEPTED)  # taken from the inbox
    await run_outbox({"redis": None}, handoff_delivery_key(handoffs[0].id))
    states = [h.status for h in await Handoff.all().order_by("id")]
    assert states == [HandoffStatus.DELIVERED, HandoffStatus.ACCEPTED, HandoffStatus.DELIVERED]
    assert not await StatusChange.filter(handoff_id=handoffs[1].id, to_status="DELIVERED").exists()
    # its own row waits for its job (or the sweeper), which finds nothing to do
    [left] = await OutboxEntry.filter(status=OutboxStatus.PENDING)
    assert left.key == handoff_delivery_key(handoffs[1].id)
    assert await run_outbox({"redis": None}, left.key) == "ran"
    assert (await Handoff.get(id=handoffs[1].id)).status == HandoffStatus.ACCEPTED
    assert not await OutboxEntry.filter(status=OutboxStatus.PENDING).exists()


@pytest.mark.postgres_only
async def test_two_workers_racing_on_siblings_have_one_effect(client: GraphQLClient, queue: ArqRedis) -> None:
    handoffs = await _submit(client, "sjz.household", "sjz.school")
    keys = [handoff_delivery_key(h.id) for h in handoffs]
    for _ in range(3):  # concurrent runs of every key, twice each
        await asyncio.gather(*(run_outbox({"redis": None}, k) for k in keys * 2))
    await _effects_once(handoffs)


async def test_delivering_a_group_costs_a_fixed_handful_of_statements(
    client: GraphQLClient, queue: ArqRedis, query_counter: QueryCounter
) -> None:
    handoffs = await _submit(client, "sjz.household", "sjz.school")
    for h in handoffs:  # the handlers of a department are cached per process
        await department_handlers(h.department_id)
    with query_counter.capture() as q:
        await run_outbox({"redis": None}, handoff_delivery_key(handoffs[0].id))
    # outbox row, route, move (UPDATE … RETURNING), item names, request advance, history,
    # messages, outbox rows done — whatever the number of handoffs; handlers are cached.
    assert q.count == 8, q.statements
