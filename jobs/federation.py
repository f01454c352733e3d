"""The change feed's daily compaction (resolvers/federation/compaction.py): superseded
rows older than a day go. Idempotent: a second run finds nothing to delete."""

from __future__ import annotations

from typing import Any

from resolvers.federation.compaction import compact_changes


async def compact_change_feed(ctx: dict[str, Any]) -> dict[str, int]:
    return {"removed": await compact_changes()}
