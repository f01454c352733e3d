"""The audit-trail sealer (审计日志封存), a cron every 15 s: chains whatever the hooks after
each mutation and unmasked read left unsealed (a lost lock race, a failure, rows written by
jobs or at sign-in). Idempotent: only rows without a place in the chain are touched."""

from __future__ import annotations

from typing import Any

from permissions.audit_chain import seal_pending


async def seal_audit_trail(ctx: dict[str, Any]) -> int:
    """Seal every committed unsealed audit row; returns how many."""
    return await seal_pending(wait=True)
