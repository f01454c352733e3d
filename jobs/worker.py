"""arq WorkerSettings. The worker shares resolver-level code with the gateway and
initialises Tortoise itself unless it runs inside the gateway's process (demo)."""

from __future__ import annotations

from typing import Any, ClassVar

import httpx
from arq import cron
from arq.connections import RedisSettings
from arq.worker import func
from tortoise import Tortoise

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
from jobs.heartbeat import heartbeat
from jobs.keys import OUTBOX_FUNCTION, QUEUE, SYNC_SOURCE_FUNCTION
from jobs.outbox.staging import run_outbox, sweep_outbox
from jobs.outbox.webhooks import MAX_ATTEMPTS
from jobs.recognition import close_publicity
from jobs.specialists import sweep_dedicated_specialists
from jobs.supervision import remind_due_handoffs, supervise_overdue
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


def redis_settings() -> RedisSettings:
    return RedisSettings.from_dsn(get_settings().redis_url or "redis://127.0.0.1:6379/0")


# A job of a killed worker runs again once this (plus arq's 10 s) has passed.
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
        cron(heartbeat, second={0, 30}, run_at_startup=True, unique=True),
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
    # Every function shares the limit: arq frees a killed worker's job after the longest one.
    job_timeout = JOB_TIMEOUT_SECONDS
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 5
    handle_signals = False  # the CLI owns signals (the demo runs the worker beside uvicorn)
