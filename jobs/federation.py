"""The provincial platform's jobs: pulling each source's change feed (resolvers/federation/
sync.py) and compacting this deployment's own feed.

Every two seconds the due sources are put on the queue, one job per source and tick; a
run holds its source by a lease (sync.py), so a second one queued meanwhile ends at once,
and a run killed midway is taken over when its lease ends (its page was not stored, or
stored with its cursor). A source that fails waits out its back-off."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from jobs.keys import SYNC_SOURCE_FUNCTION, sync_source_key
from resolvers.federation.compaction import compact_changes
from resolvers.federation.sync import sync_source as pull_source
from schema import clock
from schema.models import Source


async def compact_change_feed(ctx: dict[str, Any]) -> dict[str, int]:
    return {"removed": await compact_changes()}


async def sync_due_sources(ctx: dict[str, Any]) -> int:
    """Queue a pull of every active source whose back-off (if any) is over."""
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=clock.now())
    ids: list[int] = await Source.filter(due, status="ACTIVE").order_by("id").values_list("id", flat=True)  # type: ignore[assignment]
    queued, tick = 0, int(clock.unix_time())
    for source_id in ids:
        job = await ctx["redis"].enqueue_job(
            SYNC_SOURCE_FUNCTION, source_id, _job_id=sync_source_key(source_id, tick)
        )
        queued += job is not None
    return queued


async def sync_source(ctx: dict[str, Any], source_id: int) -> dict[str, Any]:
    outcome = await pull_source(source_id, ctx["http"])
    return {"pages": outcome.pages, "written": outcome.written, "refused": outcome.refused,
            "caughtUp": outcome.caught_up, "error": outcome.error}  # fmt: skip
