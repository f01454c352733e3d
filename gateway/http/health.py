"""Liveness (/healthz, /livez) and readiness (/readyz), and waiting for a server just started to be live."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections

from jobs.heartbeat import Heartbeat, last_heartbeat, workers_seen
from schema import clock


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def livez(request: Request) -> JSONResponse:
    """The process answers: 200 whatever its database, Redis or workers are doing (restart
    the process only when this fails; /readyz says whether it can do its work)."""
    return JSONResponse({"status": "ok"})


def worker_check(beat: Heartbeat | None, window: int) -> tuple[bool, str]:
    """Whether a worker has beaten within `window` seconds, and what /readyz says of it."""
    if beat is None:
        return False, f"no worker heartbeat within {window} s (none seen)"
    age = clock.unix_time() - beat.at
    if age > window:
        return False, f"no worker heartbeat within {window} s (last: {beat.worker}, {age:.0f}s ago)"
    return True, f"seen {age:.0f}s ago ({beat.worker})"


async def readyz(request: Request) -> JSONResponse:
    """503 when the database or Redis does not answer, or no worker has left a heartbeat
    within TALENTGATE_WORKER_WINDOW: queued work (handoffs, notifications) would wait."""
    checks: dict[str, str] = {}
    ready = True
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; say which part
        checks["database"] = f"unavailable: {type(exc).__name__}"
        ready = False
    redis = getattr(request.app.state, "redis", None)
    window = request.app.state.settings.worker_window_seconds
    if redis is None:
        checks["redis"] = "not configured"  # nothing is queued, so no worker is awaited
    else:
        try:
            await redis.ping()
            checks["redis"] = "ok"
            beat = await last_heartbeat(redis)
            up = await workers_seen(redis, window)
        except Exception as exc:
            checks["redis"] = f"unavailable: {type(exc).__name__}"
            ready = False
        else:
            working, checks["worker"] = worker_check(beat, window)
            # How many worker processes are up (informational: one taking jobs is enough).
            checks["workers"] = f"{len(up)} seen within {window} s" + (f": {', '.join(up)}" if up else "")
            ready = ready and working
    return JSONResponse({"status": "ok" if ready else "unavailable", **checks},
                        status_code=200 if ready else 503)  # fmt: skip


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    """Wait for a `talentgate serve` just started to answer /healthz; RuntimeError with its
    log when it stops first or does not answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    state = "stopped" if process.poll() is not None else f"did not answer within {seconds:g} s"
    raise RuntimeError(f"the server at {base} {state}:\n{log.read_text(errors='replace')[-4000:]}")
