"""The daily dedicated-specialist sweep (一对一服务专员巡检), a cron: holders of an active
dedicated-tier card without a specialist get one by load; talents who no longer hold such a
card lose theirs. Idempotent (resolvers/specialists/sweep.py), so two runs or two workers
change nothing the second time."""

from __future__ import annotations

from typing import Any

from jobs.outbox.staging import enqueue
from permissions.audit import SYSTEM_USERNAME
from resolvers.specialists.sweep import sweep_dedicated


async def sweep_dedicated_specialists(ctx: dict[str, Any]) -> dict[str, int]:
    keys: list[str] = []
    done = await sweep_dedicated(SYSTEM_USERNAME, keys=keys)
    await enqueue(ctx.get("redis"), keys)
    return done
