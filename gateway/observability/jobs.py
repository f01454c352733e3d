"""A worker job's line and metrics: each function and cron job of the worker runs inside
`observed`, which notes its id, try, outcome, duration and SQL statements. arq's own
per-job lines are left out (they print the job's arguments: observability/logs.py).

Outcomes: `ok`, `retry` (the job asked to run again), `cancelled` (timed out, or the worker
stopped), `error`. Cron jobs that run several times a minute log their successes at DEBUG:
their metrics count them, and the log stays readable."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from arq.cron import CronJob
from arq.worker import Function, Retry, func

from gateway.observability import activity
from gateway.observability.metrics import record_job
from gateway.observability.statements import count_statements

log = logging.getLogger("talentgate.jobs")
Job = Callable[..., Coroutine[Any, Any, Any]]


def observed(name: str, job: Job, quiet: bool = False) -> Job:
    """`job` (an arq coroutine: ctx first) logging one line and counting itself."""

    @functools.wraps(job)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        doing = activity.Activity(job_id=ctx.get("job_id"), operation=name)
        token = activity.begin(doing)
        started, outcome = time.perf_counter(), "error"
        try:
            result = await job(ctx, *args, **kwargs)
            outcome = "ok"
            return result
        except Retry:
            outcome = "retry"
            raise
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        finally:
            activity.end(token)
            seconds = time.perf_counter() - started
            record_job(name, outcome, seconds)
            level = logging.DEBUG if quiet and outcome == "ok" else logging.INFO
            if outcome == "error":
                level = logging.WARNING  # arq logs the traceback itself
            fields = {"job_id": doing.job_id, "function": name, "try": ctx.get("job_try"), "outcome": outcome,
                      "duration_ms": round(seconds * 1000, 1), "sql": doing.statements}  # fmt: skip
            log.log(level, "job %s %s %.1fms", name, outcome, seconds * 1000, extra={"fields": fields})

    return run


def _frequent(cron: CronJob) -> bool:
    """Runs more than twice a minute (every few seconds)."""
    second = cron.second
    return isinstance(second, set) and len(second) > 2


def observed_settings(settings: type) -> dict[str, Any]:
    """Keyword arguments for `create_worker(settings, **…)`: its functions and cron jobs,
    each observed; statements counted from here on."""
    count_statements()
    functions = []
    for item in settings.functions:  # type: ignore[attr-defined]
        function: Function = func(item)
        functions.append(dataclasses.replace(function, coroutine=observed(function.name, function.coroutine)))
    crons = [dataclasses.replace(c, coroutine=observed(c.name, c.coroutine, quiet=_frequent(c)))
             for c in settings.cron_jobs]  # type: ignore[attr-defined]  # fmt: skip
    return {"functions": functions, "cron_jobs": crons}
