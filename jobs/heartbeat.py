"""Worker liveness: a periodic job leaves a timestamp that /readyz reports."""

from __future__ import annotations

from typing import Any

from jobs.keys import HEARTBEAT_TTL_SECONDS, WORKER_HEARTBEAT
from schema import clock


async def heartbeat(ctx: dict[str, Any]) -> float:
    """Record that a worker is alive and processing its queue."""
    now = clock.unix_time()
    await ctx["redis"].set(WORKER_HEARTBEAT, str(now), ex=HEARTBEAT_TTL_SECONDS)
    return now


async def last_heartbeat(redis: Any) -> float | None:
    value = await redis.get(WORKER_HEARTBEAT)
    return float(value) if value is not None else None
