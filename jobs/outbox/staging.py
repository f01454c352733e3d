"""The transactional outbox: nothing is ever lost between a commit and a worker.

1. `stage()` writes an outbox row inside the caller's transaction; its key is the job id.
2. After commit, `enqueue()` hands the keys to arq; a duplicate enqueue of a key still
   queued or recently finished is refused by arq, so it is harmless.
3. `sweep_outbox` (cron) re-enqueues rows still pending after a grace period: a crash
   between commit and enqueue, a worker killed mid-job, a Redis that lost its data.
4. `run_outbox` runs a row's task; tasks are idempotent and finish the row with a
   conditional update, so running twice has one effect.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from arq.connections import ArqRedis

from jobs.keys import OUTBOX_FUNCTION, QUEUE
from schema import clock
from schema.models import OutboxEntry
from schema.models.enums import OutboxStatus

log = logging.getLogger("talentgate.outbox")

GRACE = dt.timedelta(seconds=60)
SWEEP_BATCH = 500

Task = Callable[[dict[str, Any], OutboxEntry], Awaitable[None]]
TASKS: dict[str, Task] = {}


def task(name: str) -> Callable[[Task], Task]:
    """Register an outbox task under `name`."""

    def register(fn: Task) -> Task:
        TASKS[name] = fn
        return fn

    return register


async def stage(key: str, task_name: str, payload: dict[str, Any] | None = None) -> str:
    """Write the row in the current transaction; staging a key twice keeps the first."""
    await OutboxEntry.get_or_create(key=key, defaults={"task": task_name, "payload": payload or {}})
    return key


async def enqueue(redis: ArqRedis | None, keys: Iterable[str]) -> int:
    """Enqueue after commit; a failure here is only logged — the sweeper covers it."""
    keys = list(keys)
    if redis is None or not keys:
        return 0
    sent = 0
    try:
        for key in keys:
            if await redis.enqueue_job(OUTBOX_FUNCTION, key, _job_id=key, _queue_name=QUEUE):
                sent += 1
    except Exception:  # Redis down: the rows wait for the sweeper
        log.warning("enqueue failed for %d outbox rows; the sweeper will retry", len(keys))
    return sent


_background: set[asyncio.Task[int]] = set()


def enqueue_soon(redis: ArqRedis | None, keys: Iterable[str]) -> None:
    """Enqueue without making the caller wait: the rows are committed, so a lost task
    (a crash, a full Redis) only delays delivery until the sweeper's next round."""
    keys = list(keys)
    if redis is None or not keys:
        return
    job = asyncio.get_running_loop().create_task(enqueue(redis, keys))
    _background.add(job)  # keep a reference until it is done
    job.add_done_callback(_background.discard)


async def settle_background() -> None:
    """Wait for enqueues still in flight (shutdown, tests)."""
    while _background:
        await asyncio.gather(*list(_background), return_exceptions=True)


async def finish(entry: OutboxEntry) -> bool:
    """Mark done if still pending (the conditional update makes a second run a no-op)."""
    done = await OutboxEntry.filter(id=entry.id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.DONE, done_at=clock.now()
    )
    return bool(done)


async def fail(entry: OutboxEntry, error: str) -> None:
    await OutboxEntry.filter(id=entry.id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.FAILED, last_error=error[:1000], done_at=clock.now()
    )


async def run_outbox(ctx: dict[str, Any], key: str) -> str:
    """The arq function behind every outbox row."""
    entry = await OutboxEntry.filter(key=key).first()
    if entry is None:
        return "missing"
    if entry.status != OutboxStatus.PENDING:
        return entry.status.value
    handler = TASKS.get(entry.task)
    if handler is None:
        await fail(entry, f"no task named {entry.task}")
        return "unknown task"
    await handler(ctx, entry)
    return "ran"


async def sweep_outbox(ctx: dict[str, Any], grace: dt.timedelta = GRACE) -> int:
    """Re-enqueue pending rows older than the grace period (cron)."""
    cutoff = clock.now() - grace
    keys: list[str] = await (  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
        OutboxEntry.filter(status=OutboxStatus.PENDING, created_at__lt=cutoff)
        .order_by("id")
        .limit(SWEEP_BATCH)
        .values_list("key", flat=True)
    )
    if keys:
        await OutboxEntry.filter(key__in=list(keys)).update(enqueued_at=clock.now())
    return await enqueue(ctx["redis"], keys)
