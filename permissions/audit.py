"""Writing the audit trail: every mutation, and every unmasked read of personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from permissions.audit_chain import seal_after_commit
from schema.models import AuditEvent
from schema.sql import insert_many


@dataclass
class Actor:
    """Who is acting, as recorded in the trail."""

    username: str
    token_id: int | None = None
    client_address: str | None = None
    request_id: str | None = None


SYSTEM = Actor(username="system")


@dataclass
class PiiReads:
    """Unmasked reads collected during one request, written once at its end."""

    reads: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    jurisdictions: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def add(self, target_type: str, target_id: Any, field_name: str, jur: str | None) -> None:
        key = (target_type, str(target_id))
        self.reads.setdefault(key, set()).add(field_name)
        self.jurisdictions[key] = jur


async def audit(
    actor: Actor,
    operation: str,
    target_type: str,
    target_id: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    jurisdiction_code: str | None = None,
) -> None:
    await AuditEvent.create(
        actor=actor.username,
        token_id=actor.token_id,
        operation=operation,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        jurisdiction_code=jurisdiction_code,
        before=before,
        after=after,
        client_address=actor.client_address,
        request_id=actor.request_id,
    )


async def flush_pii_reads(actor: Actor, pii: PiiReads) -> None:
    """One multi-row INSERT for the whole request (per 500 rows), however many rows were read
    unmasked — an export of 100k talents must not build an ORM object per row."""
    if not pii.reads:
        return
    stamp = dt.datetime.now(dt.UTC)
    encode = AuditEvent._meta.fields_map["after"].to_db_value
    await insert_many(AuditEvent, [
        {"at": stamp, "actor": actor.username, "token_id": actor.token_id, "operation": "pii:read",
         "target_type": target_type, "target_id": target_id,
         "jurisdiction_code": pii.jurisdictions.get((target_type, target_id)),
         "after": encode({"fields": sorted(fields)}, AuditEvent), "client_address": actor.client_address,
         "request_id": actor.request_id}
        for (target_type, target_id), fields in sorted(pii.reads.items())
    ])  # fmt: skip
    pii.reads.clear()
    await seal_after_commit()
