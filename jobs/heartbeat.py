"""Worker liveness: a periodic job leaves a timestamp and the worker's name, which /readyz
checks against TALENTGATE_WORKER_WINDOW."""

from __future__ import annotations

import os
import socket
from typing import Any, NamedTuple

from jobs.keys import HEARTBEAT_TTL_SECONDS, WORKER_HEARTBEAT
from schema import clock


class Heartbeat(NamedTuple):
    at: float  # unix time
    worker: str  # host:pid of the worker that left it


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def heartbeat(ctx: dict[str, Any]) -> float:
    """Record that a worker is alive and processing its queue."""
    now = clock.unix_time()
    await ctx["redis"].set(WORKER_HEARTBEAT, f"{now} {worker_name()}", ex=HEARTBEAT_TTL_SECONDS)
    return now


async def last_heartbeat(redis: Any) -> Heartbeat | None:
    value = await redis.get(WORKER_HEARTBEAT)
    if value is None:
        return None
    at, _, worker = (value.decode() if isinstance(value, bytes) else str(value)).partition(" ")
    return Heartbeat(float(at), worker or "unknown worker")
