"""The audit trail (审计日志): append-only."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor = fields.CharField(max_length=64)
    token_id = fields.IntField(null=True)
    operation = fields.CharField(max_length=64)
    target_type = fields.CharField(max_length=32)
    target_id = fields.CharField(max_length=64, null=True)
    jurisdiction_code = fields.CharField(max_length=6, null=True)
    before: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    after: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    client_address = fields.CharField(max_length=64, null=True)
    request_id = fields.CharField(max_length=64, null=True)
    # The hash chain (tamper evidence): a sealer gives committed rows, in id order, their
    # place `seq` and hash = sha256(prev_hash + the row's canonical content).
    seq = fields.BigIntField(null=True, unique=True)
    prev_hash = fields.CharField(max_length=64, null=True)
    hash = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "audit_event"
        indexes = (
            ("actor", "id"),
            ("target_type", "target_id"),
            ("operation",),
            ("at",),
            ("jurisdiction_code",),
            ("seq", "id"),
        )

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._saved_in_db:
            await super().save(*args, **kwargs)
            return
        raise AppendOnlyError("audit events are never changed")

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AppendOnlyError("audit events are never deleted")
