"""arq WorkerSettings, and `keep_working`: a worker that outlives its Redis and database.
The worker shares resolver-level code with the gateway and initialises Tortoise itself
unless it runs inside the gateway's process (demo)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import httpx
import redis.exceptions
from arq import cron
from arq.connections import RedisSettings
from arq.constants import in_progress_key_prefix
from arq.worker import Worker, func, get_kwargs
from tortoise import Tortoise, connections

import jobs.outbox.delivery
import jobs.outbox.notifications
import jobs.outbox.talent_import  # noqa: F401  (registers its outbox task)
from jobs.archives import file_quarterly_archives
from jobs.audit import seal_audit_trail
from jobs.cards import expire_cards
from jobs.complaints import notify_overdue_complaints
from jobs.deadlines import check_calendar_coverage
from jobs.federation import compact_change_feed, sync_due_sources, sync_source
from jobs.funds import run_monthly_payroll
from jobs.grassroots import remind_grassroots_experts
from jobs.heartbeat import heartbeat, note_alive, note_gone
from jobs.idempotency import prune_idempotency_keys
from jobs.keys import OUTBOX_FUNCTION, QUEUE, SYNC_SOURCE_FUNCTION
from jobs.outbox.staging import run_outbox, sweep_outbox
from jobs.outbox.webhooks import MAX_ATTEMPTS
from jobs.recognition import close_publicity
from jobs.specialists import sweep_dedicated_specialists
from jobs.supervision import remind_due_handoffs, supervise_overdue
from resolvers.core.outage import database_answered, database_down, quiet_pool_retries
from resolvers.core.settings import get_settings
from schema.db import tortoise_config


async def startup(ctx: dict[str, Any]) -> None:
    ctx["owns_orm"] = not Tortoise._inited
    if ctx["owns_orm"]:
        await Tortoise.init(config=tortoise_config(get_settings().effective_database_url))
    ctx["http"] = httpx.AsyncClient()


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["http"].aclose()
    if ctx.get("owns_orm"):
        await Tortoise.close_connections()


def redis_settings(url: str | None = None) -> RedisSettings:
    """The worker's Redis (REDIS_URL unless `url`). One connection attempt: `keep_working`
    does the retrying, with its own back-off and one log line per outage."""
    url = url or get_settings().redis_url
    if not url:
        raise ValueError("REDIS_URL is not set")
    return dataclasses.replace(RedisSettings.from_dsn(url), conn_retries=0)


# How long a job may run. A killed worker's job is free again after LEASE_SECONDS (below).
JOB_TIMEOUT_SECONDS = get_settings().job_timeout_seconds


class WorkerSettings:
    # The outbox keeps its own attempt count; arq's limit only has to stay out of its way.
    functions: ClassVar[list[Any]] = [
        # keep_result=0: a failed or timed-out run must not block the sweeper's re-enqueue
        # under the same job id (arq refuses an id whose result it still keeps).
        func(
            run_outbox,
            name=OUTBOX_FUNCTION,
            max_tries=MAX_ATTEMPTS + 2,
            timeout=JOB_TIMEOUT_SECONDS,
            keep_result=0,
        ),
        heartbeat,
        # A pull that failed is not retried by arq: the source's back-off decides when next.
        func(sync_source, name=SYNC_SOURCE_FUNCTION, max_tries=1, timeout=JOB_TIMEOUT_SECONDS, keep_result=0),
    ]
    cron_jobs: ClassVar[list[Any]] = [
        cron(heartbeat, second=set(range(0, 60, 10)), run_at_startup=True, unique=True),  # /readyz
        cron(sweep_outbox, second={15, 45}, unique=True),
        cron(seal_audit_trail, second={5, 20, 35, 50}, unique=True),  # what the hooks left unsealed
        cron(remind_due_handoffs, minute={5, 35}, unique=True),
        cron(supervise_overdue, minute={10, 40}, unique=True),
        cron(notify_overdue_complaints, minute={15, 45}, unique=True),  # 投诉超期, once per complaint
        cron(check_calendar_coverage, hour={8}, minute={0}, unique=True),
        # Twice a day so one run falls soon after midnight in Beijing whether the worker
        # keeps UTC or China time; the job is idempotent.
        cron(expire_cards, hour={0, 16}, minute={20}, unique=True),
        cron(close_publicity, hour={0, 16}, minute={25}, unique=True),  # 公示期满, same reasoning
        cron(sweep_dedicated_specialists, hour={0, 16}, minute={30}, unique=True),  # 一对一, same reasoning
        cron(file_quarterly_archives, hour={1, 17}, minute={40}, unique=True),  # 档案 01:40 Beijing
        cron(sync_due_sources, second=set(range(0, 60, 2)), unique=True),  # sources' feeds, within seconds
        cron(compact_change_feed, hour={19}, minute={50}, unique=True),  # daily; any hour would do
        cron(prune_idempotency_keys, hour={19}, minute={55}, unique=True),  # daily; any hour would do
        # 发放: the 1st and 2nd at 02:10 Beijing (UTC or China time); idempotent, arrears included.
        cron(run_monthly_payroll, day={1, 2}, hour={2, 18}, minute={10}, unique=True),
        # 服务基层提醒: the 1st of October–December at 09:15 Beijing (UTC or China time);
        # once per expert and month whatever the runs.
        cron(remind_grassroots_experts, month={10, 11, 12}, day={1}, hour={1, 9}, minute={15}, unique=True),
    ]
    queue_name = QUEUE
    max_jobs = 20  # deliveries wait on the database and departments' systems, not the CPU
    # arq reads up to `queue_read_limit` ids per poll and then sleeps what is left of
    # `poll_delay`: with its defaults (100 ids, 0.5 s) one worker never exceeds 200 jobs/s.
    queue_read_limit = 1000
    poll_delay = 0.05
    job_timeout = JOB_TIMEOUT_SECONDS
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 5
    handle_signals = False  # the CLI owns signals (the demo runs the worker beside uvicorn)


# arq marks a job it runs with an in-progress key that lives as long as the longest job
# timeout + 10 s (70 s by default), renewed by nothing: a job whose worker was killed stayed
# locked that long. Here the key lives LEASE_SECONDS and the worker renews it every
# LEASE_SECONDS / 3 while the job runs, so a killed worker's job is free within the lease.
LEASE_SECONDS = 10.0


class LeasedWorker(Worker):
    """arq's worker, holding its running jobs on a short lease it renews (and noting every
    few seconds that it is up: jobs/heartbeat.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_progress_timeout_s = LEASE_SECONDS

    async def main(self) -> None:
        renewing = asyncio.ensure_future(self._renew_leases())
        try:
            await super().main()
        finally:
            renewing.cancel()

    async def _renew_leases(self) -> None:
        while True:
            running = [job_id for job_id, task in self.tasks.items() if not task.done()]
            try:
                if self._pool is not None:
                    await note_alive(self.pool)
                    async with self.pool.pipeline(transaction=False) as pipe:
                        for job_id in running:  # a finished job's key is gone: PEXPIRE does nothing
                            pipe.pexpire(in_progress_key_prefix + job_id, int(LEASE_SECONDS * 1000))
                        await pipe.execute()
            except Exception:  # Redis away: the worker's loop fails too, and keep_working restarts it
                pass
            await asyncio.sleep(LEASE_SECONDS / 3)


def leased_worker(settings_cls: Any, **kwargs: Any) -> LeasedWorker:
    return LeasedWorker(**{**get_kwargs(settings_cls), **kwargs})


log = logging.getLogger("talentgate.worker")

RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 10.0


async def keep_working(stop: asyncio.Event, url: str | None = None,
                       make: Callable[..., Worker] = leased_worker,
                       options: Mapping[str, Any] | None = None) -> None:  # fmt: skip
    """Run an arq worker until `stop` is set. A worker that ends because Redis or the
    database went away (arq raises out of its loop, and again in `Worker.close()`) is
    disposed of and a new one started, after 0.5 s, then twice as long each time up to
    10 s: one warning when the outage begins, one line when a worker is working again.
    `options` go to each worker made (the CLI's observed functions and cron jobs)."""
    quiet_pool_retries("arq.worker")  # a job failing on the database: the outage's one line
    asyncio_log = logging.getLogger("asyncio")
    if _ORPHANED not in asyncio_log.filters:
        asyncio_log.addFilter(_ORPHANED)
    await _keep_working(stop, url, make, dict(options or {}))


class _OrphanedRedisFailures(logging.Filter):
    """arq records a finished job under `asyncio.shield`: when Redis goes away meanwhile and
    the worker is replaced, that shielded task's ConnectionError is never retrieved and
    asyncio logs it with a traceback. The outage already has its line (`worker: lost
    Redis`), and the job runs again (its lease runs out): the traceback is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        lost = isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError)
        return not (lost and record.getMessage().startswith("Task exception was never retrieved"))


_ORPHANED = _OrphanedRedisFailures()


async def _watch_database() -> None:
    """While a database outage is logged, ask every 2 s whether it is over (jobs only fail
    meanwhile, so nothing else would say so). Started by the worker's start-up, so that it
    sees the ORM that start-up initialised."""
    while True:
        await asyncio.sleep(2)
        if database_down() and Tortoise._inited:
            with contextlib.suppress(Exception):
                await connections.get("default").execute_query("SELECT 1")
                database_answered()


async def _keep_working(
    stop: asyncio.Event, url: str | None, make: Callable[..., Worker], options: dict[str, Any]
) -> None:
    delay, down_since, cause = RETRY_FIRST_SECONDS, 0.0, ""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        working = asyncio.Event()

        async def on_startup(ctx: dict[str, Any], working: asyncio.Event = working) -> None:
            await startup(ctx)
            ctx["watch_database"] = asyncio.ensure_future(_watch_database())
            working.set()

        worker = make(WorkerSettings, redis_settings=redis_settings(url), on_startup=on_startup, **options)
        run = asyncio.ensure_future(worker.async_run())
        halt = asyncio.ensure_future(stop.wait())
        ready = asyncio.ensure_future(working.wait())
        await asyncio.wait({run, halt, ready}, return_when=asyncio.FIRST_COMPLETED)
        if ready.done() and down_since:
            log.warning("worker: working again after %.0f s without %s", loop.time() - down_since, cause)
            delay, down_since = RETRY_FIRST_SECONDS, 0.0
        if not run.done() and not halt.done():
            await asyncio.wait({run, halt}, return_when=asyncio.FIRST_COMPLETED)
        halt.cancel()
        ready.cancel()
        if stop.is_set() and not run.done():
            await _drain(worker, get_settings().drain_seconds)
        await _dispose(worker, run)
        error = None if run.cancelled() else run.exception()
        if stop.is_set():
            return
        if working.is_set():  # it had worked: this is a new outage
            delay = RETRY_FIRST_SECONDS
        if not down_since:
            down_since, cause = loop.time(), _dependency(error)
            log.warning("worker: lost %s (%s: %s); reconnecting every %g–%g s until it is back", cause,
                        type(error).__name__, error, RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS)  # fmt: skip
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, RETRY_MAX_SECONDS)


def _dependency(error: BaseException | None) -> str:
    """What an outage took away, for the log line."""
    module = type(error).__module__.split(".")[0]
    if module in ("redis", "arq"):
        return "Redis"
    if module in ("tortoise", "asyncpg", "sqlite3", "aiosqlite"):
        return "the database"
    return "a dependency"


async def _drain(worker: Worker, seconds: float) -> None:
    """Stop taking jobs and give the running ones `seconds` to finish (a job cut off after
    that runs again elsewhere: arq's lease on it runs out)."""
    worker.allow_pick_jobs = False
    running = [task for task in worker.tasks.values() if not task.done()]
    if not running:
        return
    log.info("worker: stopping; waiting up to %g s for %d running job(s)", seconds, len(running))
    _, left = await asyncio.wait(running, timeout=seconds)
    if left:
        log.warning("worker: %d job(s) still running after %g s are stopped; they run again "
                    "on another worker", len(left), seconds)  # fmt: skip


async def _dispose(worker: Worker, run: asyncio.Future[None]) -> None:
    """`Worker.close()` without its failures: its jobs are cancelled (arq runs them again),
    its connections closed as far as they still can be, nothing raised."""
    if (watching := worker.ctx.get("watch_database")) is not None:
        watching.cancel()
    if worker.main_task is not None:
        worker.main_task.cancel()
    for task in worker.tasks.values():
        task.cancel()
    await asyncio.gather(run, *worker.tasks.values(), return_exceptions=True)
    pool = worker._pool
    if pool is None:
        return
    with contextlib.suppress(Exception):
        await asyncio.wait_for(pool.delete(worker.health_check_key), 1)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(note_gone(pool), 1)
    if "http" in worker.ctx:
        with contextlib.suppress(Exception):
            await shutdown(worker.ctx)
    with contextlib.suppress(Exception):
        await pool.close(close_connection_pool=True)
    worker._pool = None
