"""arq WorkerSettings. The worker shares resolver-level code with the gateway and
initialises Tortoise itself unless it runs inside the gateway's process (demo)."""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings
from tortoise import Tortoise

from gateway.db import tortoise_config
from gateway.settings import get_settings
from jobs.heartbeat import heartbeat
from jobs.keys import QUEUE


async def startup(ctx: dict[str, Any]) -> None:
    ctx["owns_orm"] = not Tortoise._inited
    if ctx["owns_orm"]:
        await Tortoise.init(config=tortoise_config(get_settings().effective_database_url))


async def shutdown(ctx: dict[str, Any]) -> None:
    if ctx.get("owns_orm"):
        await Tortoise.close_connections()


def redis_settings() -> RedisSettings:
    return RedisSettings.from_dsn(get_settings().redis_url or "redis://127.0.0.1:6379/0")


class WorkerSettings:
    functions: ClassVar[list[Any]] = [heartbeat]
    cron_jobs: ClassVar[list[Any]] = [cron(heartbeat, second={0, 30}, run_at_startup=True, unique=True)]
    queue_name = QUEUE
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 5
    handle_signals = False  # the CLI owns signals (the demo runs the worker beside uvicorn)
