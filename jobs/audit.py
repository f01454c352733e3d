"""The audit-trail sealer (审计日志封存), a cron every 15 s: chains whatever the hooks after
each mutation and unmasked read left unsealed (a lost lock race, a failure, rows written by
jobs or at sign-in), then checkpoints the chain's head (permissions/audit_checkpoint.py).
Idempotent: only rows without a place in the chain are touched, and a checkpoint is added
only when the head moved."""

from __future__ import annotations

import logging
from typing import Any

from permissions.audit_chain import seal_pending
from permissions.audit_checkpoint import FILE_NAME, CheckpointFile, write_checkpoint
from resolvers.core.settings import Settings, get_settings

log = logging.getLogger("talentgate.audit")
_warned = False


def checkpoint_file(settings: Settings) -> CheckpointFile | None:
    """Where this deployment's checkpoints are kept, with its keys; None without a key."""
    if not settings.audit_checkpoint_keys:
        return None
    folder = settings.audit_checkpoint_dir or settings.data_dir
    return CheckpointFile(folder / FILE_NAME, settings.audit_checkpoint_keys)


async def seal_audit_trail(ctx: dict[str, Any]) -> int:
    """Seal every committed unsealed audit row and checkpoint the head; returns how many rows."""
    global _warned
    sealed = await seal_pending(wait=True)
    store = checkpoint_file(get_settings())
    if store is not None:
        await write_checkpoint(store)
    elif not _warned:
        _warned = True
        log.warning("AUDIT_CHECKPOINT_KEY is not set: the audit chain's head is not checkpointed, "
                    "so entries cut off its end would go unnoticed by audit-verify")  # fmt: skip
    return sealed
