"""A payroll worker killed in the middle of writing a batch: nothing of it is left (no half
batch), and the next run pays everyone due exactly once — in a real worker process on
PostgreSQL, killed with SIGKILL while its INSERT of the payments waits on a lock."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path

import asyncpg
import pytest
from arq.connections import ArqRedis

from jobs.keys import QUEUE
from resolvers.core.local_keys import throwaway_keys
from schema.models import Entitlement, Payment, PaymentBatch
from tests.support.funds import entitled
from tests.support.graphql import GraphQLClient
from tests.support.postgres import until

PAYROLL_JOB = "cron:run_monthly_payroll"
WAITING_INSERT = """select count(*) from pg_stat_activity
  where wait_event_type = 'Lock' and query ilike 'insert into "payment"%'"""
INSERTING = """select count(*) from pg_stat_activity where query ilike 'insert into "payment"%'
  and state <> 'idle'"""


async def _worker(env: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    with log_path.open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway.cli", "worker", env=env, stdout=log, stderr=log
        )


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)


def _finished(log: Path) -> list[str]:
    """The outcomes of the payroll runs the worker logged (its JSON job lines; a small local file)."""
    outcomes = []
    for text in log.read_text().splitlines():
        with contextlib.suppress(ValueError):
            line = json.loads(text)
            if line.get("logger") == "talentgate.jobs" and line.get("function") == PAYROLL_JOB:
                outcomes.append(line["outcome"])
    return outcomes


async def _run(queue: ArqRedis, job_id: str, log: Path, runs: int) -> str:
    """Enqueue the payroll cron's job and wait for the worker to log its `runs`-th finished
    run (a cron job keeps no result to wait on); that run's outcome."""
    await queue.enqueue_job(PAYROLL_JOB, _job_id=job_id, _queue_name=QUEUE)
    deadline = time.monotonic() + 60
    while True:
        done = _finished(log)
        if len(done) >= runs:
            return done[runs - 1]
        assert time.monotonic() < deadline, f"{job_id} did not finish"
        await asyncio.sleep(0.1)


@pytest.mark.postgres_only
async def test_a_worker_killed_mid_run_leaves_no_half_batch_and_the_next_run_pays_each_once(
    client: GraphQLClient, queue: ArqRedis, redis_url: str, database_url: str, tmp_path: Path
) -> None:
    for n in range(3):
        await entitled(client, months_ago=1, skip=n)  # each owes last month and this month
    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    conn = await asyncpg.connect(database_url)
    try:
        blocker = conn.transaction()
        await blocker.start()
        await conn.execute('LOCK TABLE "payment" IN SHARE ROW EXCLUSIVE MODE')  # inserts wait
        first = await _worker(env, tmp_path / "worker1.log")
        try:
            await queue.enqueue_job(PAYROLL_JOB, _job_id="payroll-killed", _queue_name=QUEUE)
            watcher = await asyncpg.connect(database_url)
            try:
                await until(watcher, WAITING_INSERT, 1)  # the batch row written, its payments waiting
                first.send_signal(signal.SIGKILL)
                await first.wait()
                await blocker.commit()  # the dead worker's backend goes on, finds no client, rolls back
                await until(watcher, INSERTING, 0)
            finally:
                await watcher.close()
        finally:
            await _stop(first)
    finally:
        await conn.close()
    assert await PaymentBatch.all().count() == 0 and await Payment.all().count() == 0  # no half batch

    second = await _worker(env, tmp_path / "worker2.log")
    try:
        log = tmp_path / "worker2.log"
        assert await _run(queue, "payroll-next-day", log, 1) == "ok"
        assert await PaymentBatch.all().count() == 1
        assert await _run(queue, "payroll-retried", log, 2) == "ok"  # a retry, or the next day's tick
        assert await PaymentBatch.all().count() == 1  # pays nobody twice
    finally:
        await _stop(second)
    [batch] = await PaymentBatch.all()
    payments = await Payment.all().values_list("entitlement_id", "period")
    assert batch.count == len(payments) == 6 and len(set(payments)) == 6
    assert {e for e, _ in payments} == set(await Entitlement.all().values_list("id", flat=True))
