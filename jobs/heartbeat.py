"""Worker liveness: a periodic job leaves a timestamp and the worker's name, which /readyz
checks against TALENTGATE_WORKER_WINDOW (some worker takes jobs from the queue); and each
worker process notes itself every few seconds (`note_alive`), so /readyz and /metrics can
say how many are up."""

from __future__ import annotations

import os
import socket
from typing import Any, NamedTuple

from jobs.keys import HEARTBEAT_TTL_SECONDS, WORKER_HEARTBEAT, WORKERS_SEEN
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


# A worker not seen for a day is forgotten (a crashed host, a pid never used again).
FORGET_SECONDS = 86_400


async def note_alive(redis: Any) -> None:
    """This worker process is up (the lease loop calls this every few seconds)."""
    await redis.hset(WORKERS_SEEN, worker_name(), str(clock.unix_time()))


async def note_gone(redis: Any) -> None:
    """This worker process stops (a clean stop: it is not counted for the window after)."""
    await redis.hdel(WORKERS_SEEN, worker_name())


async def workers_seen(redis: Any, window: float) -> list[str]:
    """The workers (host:pid) seen within `window` seconds, sorted; long-gone ones are dropped."""
    now = clock.unix_time()
    stored = await redis.hgetall(WORKERS_SEEN)
    seen = {(k.decode() if isinstance(k, bytes) else k): float(v) for k, v in stored.items()}
    gone = [name for name, at in seen.items() if now - at > FORGET_SECONDS]
    if gone:
        await redis.hdel(WORKERS_SEEN, *gone)
    return sorted(name for name, at in seen.items() if now - at <= window)
