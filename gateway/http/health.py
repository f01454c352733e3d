"""Liveness and readiness, and waiting for a server just started to be live."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections

from jobs.heartbeat import last_heartbeat
from schema import clock


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; say which part
        checks["database"] = f"unavailable: {type(exc).__name__}"
    redis = getattr(request.app.state, "redis", None)
    if redis is None:
        checks["redis"] = "not configured"
    else:
        try:
            await redis.ping()
            checks["redis"] = "ok"
            # Informational: workers may run elsewhere, so their absence is not unreadiness.
            beat = await last_heartbeat(redis)
            checks["worker"] = f"seen {clock.unix_time() - beat:.0f}s ago" if beat else "not seen"
        except Exception as exc:
            checks["redis"] = f"unavailable: {type(exc).__name__}"
    ready = checks["database"] == "ok" and checks["redis"] == "ok"
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
