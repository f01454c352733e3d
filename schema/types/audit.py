"""The audit trail as auditors see it (审计日志): events with personal data masked, and the
state of the hash chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON

from permissions.audit_chain import ChainReport
from resolvers.accounts.audit_view import masked
from resolvers.core.ids import encode_id


@strawberry.type(description="审计事件 · one entry of the audit trail; personal data always masked")
class AuditEvent:
    id: strawberry.ID = strawberry.field(description="全局标识 · opaque global ID")
    at: dt.datetime = strawberry.field(description="时间 · when it happened")
    actor: str = strawberry.field(description="操作人 · who acted (username, webhook:…, system)")
    token_id: int | None = strawberry.field(description="接口令牌 · the API token used, if any")
    operation: str = strawberry.field(description="操作 · what was done, e.g. updateTalent, pii:read")
    target_type: str = strawberry.field(description="对象类型 · kind of record acted on, e.g. talent")
    target_id: str | None = strawberry.field(description="对象编号 · that record's key")
    jurisdiction_code: str | None = strawberry.field(description="区划代码 · jurisdiction of the record")
    before: JSON | None = strawberry.field(description="变更前 · values before (personal data masked)")
    after: JSON | None = strawberry.field(description="变更后 · values after (personal data masked)")
    client_address: str | None = strawberry.field(description="客户端地址 · caller's network address")
    request_id: str | None = strawberry.field(description="请求编号 · request id, to join with logs")
    seq: int | None = strawberry.field(description="链序号 · place in the hash chain; null until sealed")
    prev_hash: str | None = strawberry.field(description="前一哈希 · hash of the entry before (SHA-256)")
    hash: str | None = strawberry.field(description="哈希 · this entry's chain hash (SHA-256)")
    sealed: bool = strawberry.field(description="已封存 · chained into the tamper-evident trail")

    @classmethod
    def from_row(cls, row: Any) -> AuditEvent:
        return cls(
            id=strawberry.ID(encode_id("AuditEvent", row.id)), at=row.at, actor=row.actor,
            token_id=row.token_id, operation=row.operation, target_type=row.target_type,
            target_id=row.target_id, jurisdiction_code=row.jurisdiction_code,
            before=masked(row.before), after=masked(row.after), client_address=row.client_address,
            request_id=row.request_id, seq=row.seq, prev_hash=row.prev_hash, hash=row.hash,
            sealed=row.seq is not None,
        )  # fmt: skip


@strawberry.type(description="审计链状态 · result of checking the audit trail's hash chain")
class AuditChainStatus:
    intact: bool = strawberry.field(description="完整 · every checked entry links and hashes correctly")
    checked: int = strawberry.field(description="校验条数 · entries verified by this check")
    head_seq: int = strawberry.field(description="链尾序号 · seq of the newest entry verified (0: none)")
    head_hash: str = strawberry.field(description="链尾哈希 · its hash, to record outside the database")
    unsealed_count: int = strawberry.field(description="未封存 · entries written but not yet chained")
    broken_event_id: strawberry.ID | None = strawberry.field(
        description="断点事件 · the first entry that fails, if any"
    )
    broken_seq: int | None = strawberry.field(description="断点序号 · its place in the chain")
    reason: str | None = strawberry.field(description="原因 · why it fails (content changed, gap, link)")

    @classmethod
    def of(cls, report: ChainReport) -> AuditChainStatus:
        broken = report.broken
        return cls(
            intact=report.intact, checked=report.verified, head_seq=report.head_seq,
            head_hash=report.head_hash, unsealed_count=report.unsealed,
            broken_event_id=strawberry.ID(encode_id("AuditEvent", broken.id)) if broken else None,
            broken_seq=broken.seq if broken else None, reason=broken.reason if broken else None,
        )  # fmt: skip
