"""Faults the handoff delivery must survive: a killed worker, a flushed Redis, a failing
department system, duplicate jobs on two workers — nothing lost, one effect."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import signal
import sys
import time
from pathlib import Path

import pytest

from jobs.keys import OUTBOX_FUNCTION, QUEUE
from jobs.outbox.staging import run_outbox, settle_background, sweep_outbox
from resolvers.core.ids import encode_id
from resolvers.core.local_keys import throwaway_keys
from schema.models import Department, Handoff, Notification, OutboxEntry, ServiceItem, User
from schema.models.enums import DeliveryChannel, HandoffStatus, OutboxStatus
from tests.support.graphql import GraphQLClient
from tests.support.webhook_receiver import WebhookReceiver
from tests.support.worker import drain

SUBMIT = """mutation($input: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $input) { serviceRequest { handoffs { id } } userErrors { code } } }"""


async def _submit(client: GraphQLClient, code: str) -> int:
    talent_id = (await User.get(username="talent_demo")).talent_id
    item = await ServiceItem.get(code=code)
    data = await client.data(SUBMIT, {"input": {"talentId": encode_id("Talent", talent_id),
                                                "itemIds": [encode_id("ServiceItem", item.id)]}},
                             as_user="changan_window")  # fmt: skip
    assert data["submitServiceRequest"]["userErrors"] == []
    return (await Handoff.filter(item_id=item.id).order_by("-id").first()).id


async def _customs_webhook(rx: WebhookReceiver) -> Department:
    dept = await Department.get(name="石家庄海关")
    assert dept.channel == DeliveryChannel.WEBHOOK
    dept.webhook_url, dept.webhook_secret = rx.url, rx.secret
    await dept.save()
    return dept


async def _outbox_done(handoff_id: int) -> bool:
    entry = await OutboxEntry.get(key=f"handoff:{handoff_id}:deliver")
    return entry.status == OutboxStatus.DONE


async def test_redis_flushed_between_commit_and_delivery_the_sweeper_delivers(
    client: GraphQLClient, queue, redis_url: str
) -> None:
    handoff_id = await _submit(client, "sjz.school")
    await settle_background()  # the enqueue after commit has landed (on a busy machine, later)
    await queue.flushall()  # and the queued job is gone
    assert await drain(redis_url) == 0
    assert (await Handoff.get(id=handoff_id)).status == HandoffStatus.PENDING
    assert await sweep_outbox({"redis": queue}, grace=dt.timedelta(0)) == 1
    assert await drain(redis_url) == 1
    assert (await Handoff.get(id=handoff_id)).status == HandoffStatus.DELIVERED
    assert await _outbox_done(handoff_id)


async def test_webhook_failing_then_succeeding_is_delivered_once_and_signed(
    client: GraphQLClient, queue, redis_url: str
) -> None:
    with WebhookReceiver(secret=secrets.token_hex(16)) as rx:
        await _customs_webhook(rx)
        rx.fail_next(3, status=503)
        handoff_id = await _submit(client, "sjz.customs")
        await drain(redis_url, webhook_retry_base=0.01)
        handoff = await Handoff.get(id=handoff_id)
        assert handoff.status == HandoffStatus.DELIVERED and handoff.delivery_attempts == 4
        accepted = rx.accepted
        assert len(accepted) == 1 and accepted[0].verified
        assert len({d.delivery_id for d in rx.received}) == 1  # every try carries the same id
        body = accepted[0].body
        assert body["event"] == "handoff.created" and body["handoff"]["item"]["code"] == "sjz.customs"
        assert "*" not in body["applicant"]["idNumber"]  # the handling department may read it


async def test_webhook_failing_always_is_marked_undeliverable_and_the_window_is_alerted(
    client: GraphQLClient, queue, redis_url: str
) -> None:
    with WebhookReceiver(secret="x" * 32) as rx:
        await _customs_webhook(rx)
        rx.always_fail(500)
        handoff_id = await _submit(client, "sjz.customs")
        await drain(redis_url, webhook_retry_base=0.01, webhook_max_attempts=3)
        assert len(rx.received) == 3
    handoff = await Handoff.get(id=handoff_id)
    assert handoff.status == HandoffStatus.UNDELIVERABLE and "HTTP 500" in handoff.last_error
    window = await User.get(username="changan_window")
    alert = await Notification.get(recipient_id=window.id, related_type="handoff",
                                   related_id=str(handoff_id))  # fmt: skip
    assert "转办失败" in alert.subject
    assert await _outbox_done(handoff_id)


async def test_the_same_job_twice_on_two_workers_has_one_effect(
    client: GraphQLClient, queue, redis_url: str
) -> None:
    handoff_id = await _submit(client, "sjz.school")
    key = f"handoff:{handoff_id}:deliver"
    assert await queue.enqueue_job(OUTBOX_FUNCTION, key, _job_id=key, _queue_name=QUEUE) is None
    await asyncio.gather(drain(redis_url), drain(redis_url))
    await asyncio.gather(run_outbox({"redis": queue}, key), run_outbox({"redis": queue}, key))
    assert (await Handoff.get(id=handoff_id)).status == HandoffStatus.DELIVERED
    handler = await User.get(username="sjz_edu_handler")
    assert await Notification.filter(recipient_id=handler.id, related_id=str(handoff_id)).count() == 1


async def _worker(env: dict[str, str], log) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway.cli", "worker", env=env, stdout=log, stderr=log
    )


@pytest.mark.postgres_only
async def test_worker_killed_mid_delivery_delivers_once_in_effect(
    client: GraphQLClient, queue, redis_url: str, database_url: str, tmp_path: Path
) -> None:
    # The job timeout stays at its 60 s: the killed worker's job is free again once its
    # lease (jobs/worker.py, 10 s) runs out, not after the timeout + 10 s as arq has it.
    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    with WebhookReceiver(secret="k" * 32) as rx:
        await _customs_webhook(rx)
        rx.delay(60)  # the first delivery hangs inside the department's system
        handoff_id = await _submit(client, "sjz.customs")
        log = (tmp_path / "worker1.log").open("wb")
        first = await _worker(env, log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the attempt is counted just before the POST
            if (await Handoff.get(id=handoff_id)).delivery_attempts:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # now inside the POST, waiting on the department
        first.send_signal(signal.SIGKILL)
        await first.wait()
        log.close()
        assert (await Handoff.get(id=handoff_id)).status == HandoffStatus.PENDING
        rx.delay(0)
        killed = time.monotonic()
        with (tmp_path / "worker2.log").open("wb") as log2:
            second = await _worker(env, log2)
            try:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if (await Handoff.get(id=handoff_id)).status == HandoffStatus.DELIVERED:
                        break
                    await asyncio.sleep(0.2)
            finally:
                second.send_signal(signal.SIGTERM)
                await asyncio.wait_for(second.wait(), 20)
        assert (await Handoff.get(id=handoff_id)).status == HandoffStatus.DELIVERED, (
            (tmp_path / "worker2.log").read_text()
        )
        assert time.monotonic() - killed < 25  # the lease, a worker's start-up, the delivery
        assert len({d.delivery_id for d in rx.accepted}) == 1  # the receiver saw one delivery id
    assert await _outbox_done(handoff_id)
    assert await Notification.filter(related_type="handoff", related_id=str(handoff_id)).count() == len(
        set(await Notification.filter(related_type="handoff", related_id=str(handoff_id))
            .values_list("recipient_id", flat=True))
    )  # fmt: skip


async def test_a_withdrawal_reaches_the_webhook_department_that_had_the_handoff(
    client: GraphQLClient, queue, redis_url: str
) -> None:
    with WebhookReceiver(secret="w" * 32) as rx:
        await _customs_webhook(rx)
        handoff_id = await _submit(client, "sjz.customs")
        await drain(redis_url)
        handoff = await Handoff.get(id=handoff_id)
        withdrawn = await client.data(
            """mutation($id: ID!) {
                 withdrawServiceRequest(input: {serviceRequestId: $id, reason: "不需要了"}) {
                   serviceRequest { status } userErrors { code } } }""",
            {"id": encode_id("ServiceRequest", handoff.request_id)}, as_user="talent_demo",
        )  # fmt: skip
        assert withdrawn["withdrawServiceRequest"]["serviceRequest"]["status"] == "WITHDRAWN"
        await drain(redis_url)
        events = [d.body["event"] for d in rx.accepted]
        assert events == ["handoff.created", "handoff.withdrawn"]
        assert all(d.verified for d in rx.accepted)
        assert len({d.delivery_id for d in rx.accepted}) == 2
    assert (await OutboxEntry.get(key=f"handoff:{handoff_id}:withdraw")).status == OutboxStatus.DONE
