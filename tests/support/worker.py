"""Running the real arq worker inside a test: `await drain(redis_url)` processes every
queued job (burst mode) with the project's WorkerSettings, on the test's database."""

from __future__ import annotations

from typing import Any

from arq.connections import RedisSettings
from arq.worker import create_worker

from jobs.outbox.staging import settle_background
from jobs.worker import WorkerSettings


async def drain(redis_url: str, **ctx: Any) -> int:
    """Run queued jobs until the queue is empty; `ctx` entries reach every job (e.g.
    `webhook_retry_base=0.01` to shorten back-off). Returns the number of jobs run."""
    await settle_background()  # enqueues a mutation handed to the background
    worker = create_worker(
        WorkerSettings,
        redis_settings=RedisSettings.from_dsn(redis_url),
        burst=True,
        poll_delay=0.05,
        cron_jobs=[],
        ctx=dict(ctx),
    )
    try:
        await worker.async_run()
        return worker.jobs_complete + worker.jobs_failed
    finally:
        await worker.close()
