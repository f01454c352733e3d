"""Last-quarter reminders (服务基层提醒), a cron: from October to December each month, the
experts still below their days and their county's office are told once — a repeated run,
and the worker running its outbox rows again, send nothing more; the next month reminds
afresh; outside the last quarter nothing is sent."""

from __future__ import annotations

import pytest
from arq.connections import ArqRedis

from jobs.grassroots import remind_grassroots_experts
from jobs.worker import WorkerSettings
from schema.models import Notification, OutboxEntry, User
from tests.support.graphql import GraphQLClient
from tests.support.grassroots import YEAR, changan_talent, demo_talent, designate, list_expert, served
from tests.support.worker import drain

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")


async def _notices(username: str) -> list[str]:
    user = await User.get(username=username)
    found = Notification.filter(recipient_id=user.id, subject__contains="服务基层").order_by("id")
    return list(await found.values_list("body", flat=True))


async def test_experts_below_target_and_their_office_are_reminded_once_a_month(
    client: GraphQLClient, queue: ArqRedis, redis_url: str
) -> None:
    await designate(client)
    behind, done = await demo_talent(), await changan_talent()
    for talent in (behind, done):
        await list_expert(client, talent)
    await served(client, behind, 3, 10)
    await served(client, done, 3, 16)
    await drain(redis_url)  # the record and confirm notices' copies, if any
    before = len(await _notices("talent_demo"))

    # one for the expert below target, one for their office
    assert await remind_grassroots_experts({"redis": queue}, today=f"{YEAR}-10-01") == 2
    await drain(redis_url)
    told = (await _notices("talent_demo"))[before:]
    assert len(told) == 1 and "10 天" in told[0] and "尚差 5 天" in told[0]
    [office] = [b for b in await _notices("changan_admin") if "督促" in b]
    assert behind.name in office and done.name not in office

    # A second run the same month (a retry, a second worker) and the worker again: nothing new.
    assert await remind_grassroots_experts({"redis": queue}, today=f"{YEAR}-10-02") == 2
    await queue.enqueue_job("run_outbox", f"grassroots_office:130102:remind:{YEAR}-10")
    await drain(redis_url)
    assert len(await _notices("talent_demo")) == before + 1
    assert len([b for b in await _notices("changan_admin") if "督促" in b]) == 1

    await remind_grassroots_experts({"redis": queue}, today=f"{YEAR}-11-01")
    await drain(redis_url)
    assert len(await _notices("talent_demo")) == before + 2


async def test_nothing_is_sent_outside_the_last_quarter_or_when_all_comply(client: GraphQLClient) -> None:
    await designate(client)
    talent = await demo_talent()
    await list_expert(client, talent)
    assert await remind_grassroots_experts({}, today=f"{YEAR}-09-01") == 0
    await served(client, talent, 3, 15)
    assert await remind_grassroots_experts({}, today=f"{YEAR}-12-01") == 0
    assert not await OutboxEntry.filter(task="remind_grassroots").exists()


def test_the_reminder_is_a_worker_cron_in_the_last_quarter() -> None:
    [job] = [c for c in WorkerSettings.cron_jobs if c.coroutine is remind_grassroots_experts]
    assert job.month == {10, 11, 12} and job.day == {1} and job.unique
