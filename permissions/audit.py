"""Writing the audit trail: every mutation, and every unmasked read of personal data."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from permissions.audit_chain import seal_after_commit
from schema import clock
from schema.models import AuditEvent
from schema.sql import insert_many


@dataclass
class Actor:
    """Who is acting, as recorded in the trail."""

    username: str
    token_id: int | None = None
    client_address: str | None = None
    request_id: str | None = None


# The one system actor: jobs, crons and automatic steps act as it (history rows carry
# its username, audit rows the whole actor).
SYSTEM_USERNAME = "system"
SYSTEM = Actor(username=SYSTEM_USERNAME)


def clean_text(value: str, limit: int | None = None, *, lines: bool = False) -> str:
    """Control and format characters (C0/C1, bidi overrides, zero-width marks) stripped —
    newlines and tabs too unless `lines`: a caller chooses some of what the trail records
    (a username that failed to sign in), and it must not forge lines or reorder what an
    auditor reads."""
    if not value.isprintable():  # the common case costs one C-level scan
        keep = "\n\t" if lines else ""
        # Cs: a lone surrogate (JSON can carry one) cannot be stored at all.
        value = "".join(c for c in value if c in keep or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return value[:limit] if limit else value


def clean_logged(value: Any) -> Any:
    """Strings anywhere inside a before/after document, cleaned."""
    if isinstance(value, str):
        return clean_text(value, lines=True)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_logged(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_logged(v) for v in value]
    return value


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
        actor=clean_text(actor.username, 64),
        token_id=actor.token_id,
        operation=operation,
        target_type=target_type,
        target_id=None if target_id is None else clean_text(str(target_id), 64),
        jurisdiction_code=jurisdiction_code,
        before=clean_logged(before),
        after=clean_logged(after),
        client_address=clean_text(actor.client_address, 64) if actor.client_address else None,
        request_id=clean_text(actor.request_id, 64) if actor.request_id else None,
    )


@dataclass(frozen=True)
class Change:
    """One row of a bulk write, for `audit_many`."""

    target_type: str
    target_id: Any
    jurisdiction_code: str | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


async def audit_many(actor: Actor, operation: str, changes: list[Change]) -> None:
    """Many events in multi-row INSERTs (per 500 rows): a bulk write — an import of 50,000
    talents, an export's unmasked reads — must not build an ORM object per row."""
    if not changes:
        return
    stamp = clock.now()
    encode = AuditEvent._meta.fields_map["after"].to_db_value
    who = {"actor": clean_text(actor.username, 64), "token_id": actor.token_id,
           "client_address": clean_text(actor.client_address, 64) if actor.client_address else None,
           "request_id": clean_text(actor.request_id, 64) if actor.request_id else None}  # fmt: skip
    await insert_many(AuditEvent, [
        {"at": stamp, **who, "operation": operation, "target_type": c.target_type,
         "target_id": None if c.target_id is None else str(c.target_id),
         "jurisdiction_code": c.jurisdiction_code,
         "before": None if c.before is None else encode(clean_logged(c.before), AuditEvent),
         "after": None if c.after is None else encode(clean_logged(c.after), AuditEvent)}
        for c in changes
    ])  # fmt: skip


async def flush_pii_reads(actor: Actor, pii: PiiReads) -> None:
    """One event per record read unmasked in the request, written together at its end."""
    if not pii.reads:
        return
    await audit_many(actor, "pii:read", [
        Change(target_type, target_id, pii.jurisdictions.get((target_type, target_id)),
               after={"fields": sorted(fields)})
        for (target_type, target_id), fields in sorted(pii.reads.items())
    ])  # fmt: skip
    pii.reads.clear()
    await seal_after_commit()
