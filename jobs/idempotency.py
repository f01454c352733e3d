"""Pruning idempotency keys, a daily cron: a client resends a lost submission within
minutes, so keys older than a week (resolvers/core/idempotency.py) are forgotten."""

from __future__ import annotations

from typing import Any

from resolvers.core.idempotency import prune_keys


async def prune_idempotency_keys(ctx: dict[str, Any]) -> dict[str, int]:
    return {"removed": await prune_keys()}
