"""`auditEvents` and `auditChainStatus`: the audit trail for offices and auditors (审计)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.accounts import audit_view
from schema.api.connections import connection_field
from schema.api.ordering import order_input
from schema.types.audit import AuditChainStatus, AuditEvent
from schema.types.common import ctx
from schema.types.filters import DateTimeFilter, StringFilter, optional

AuditEventOrder = order_input("AuditEvent", "审计事件", ["ID", "AT"])


@strawberry.input(description="审计事件筛选 · audit event filter")
class AuditEventFilter:
    actor: StringFilter | None = optional("操作人 · who acted (username)")
    operation: StringFilter | None = optional("操作 · operation, e.g. updateTalent, pii:read")
    target_type: StringFilter | None = optional("对象类型 · kind of record, e.g. talent")
    target_id: StringFilter | None = optional("对象编号 · record key (give targetType with it)")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    at: DateTimeFilter | None = optional("时间 · when (a period: gte and lt)")
    and_: list[AuditEventFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[AuditEventFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: AuditEventFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.type
class AuditQueries:
    audit_events = connection_field(
        audit_view.AUDIT_TRAIL, AuditEvent, AuditEventFilter, AuditEventOrder,
        "审计日志 · the audit trail in the caller's jurisdictions, newest first unless ordered; "
        "personal data masked",
    )  # fmt: skip

    @strawberry.field(
        description="审计链校验 · verify the newest `last` entries of the tamper-evident chain "
        "(the whole chain: `talentgate audit-verify`)"
    )
    async def audit_chain_status(
        self,
        info: strawberry.Info,
        last: Annotated[int, strawberry.argument(description="校验条数 · how many newest entries")] = 1000,
    ) -> AuditChainStatus:
        return AuditChainStatus.of(await audit_view.chain_status(ctx(info), last))
