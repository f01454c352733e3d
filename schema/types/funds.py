"""Talent funds (人才资金): fund policies and the rules of who they pay."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.core.ids import encode_id
from schema.scalars import Fen
from schema.types.base import Node
from schema.types.enums import (
    ClawbackRule,
    ClawbackTrigger,
    FundPolicyStatus,
    FundRuleField,
    FundSchedule,
    FundStartEvent,
)
from schema.types.geo import Jurisdiction, jurisdiction_of


@strawberry.type(description="享受条件 · one rule a talent must meet (every rule of a policy must hold)")
class FundRule:
    field: FundRuleField = strawberry.field(description="条件项 · the fact it is about")
    values: list[str] | None = strawberry.field(
        description="取值 · one of these: category codes, card tiers (programme:tier) or degrees"
    )
    at_least: int | None = strawberry.field(description="最低值 · at least (months of social insurance)")


@strawberry.type(description="资金政策 · a subsidy or allowance a jurisdiction pays talents, in versions")
class FundPolicy(Node):
    code: str = strawberry.field(description="政策编码 · code, e.g. sjz.rent.doctor")
    version: int = strawberry.field(description="版本 · version")
    name: str = strawberry.field(description="名称 · name, e.g. 博士研究生租房补贴")
    basis: str | None = strawberry.field(description="政策依据 · the document and article it rests on")
    amount_fen: Fen = strawberry.field(description="每笔金额（分） · each payment, in fen")
    schedule: FundSchedule = strawberry.field(description="发放方式 · monthly, yearly or once")
    months: int = strawberry.field(
        description="支持期（月） · the support period: payments fall in it, and leaving within it "
        "stops them (for a one-off payment: how long the talent must stay)"
    )
    start_event: FundStartEvent = strawberry.field(description="起算事件 · what the period counts from")
    budget_fen: Fen | None = strawberry.field(description="年度预算（分） · a year's budget (null: uncapped)")
    clawback: ClawbackRule = strawberry.field(
        description="追回方式 · what is recovered when a trigger happens"
    )
    triggers: list[ClawbackTrigger] = strawberry.field(description="追回情形 · what stops payments")
    eligibility: list[FundRule] = strawberry.field(description="享受条件 · who it pays")
    status: FundPolicyStatus = strawberry.field(description="状态 · status")
    effective_from: dt.date | None = strawberry.field(description="生效日期 · in force from")
    effective_to: dt.date | None = strawberry.field(description="截止日期 · in force until")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> FundPolicy:
        return cls(
            id=strawberry.ID(encode_id("FundPolicy", row.id)), code=row.code, version=row.version,
            name=row.name, basis=row.basis, amount_fen=row.amount_fen, schedule=row.schedule,
            months=row.months, start_event=row.start_event, budget_fen=row.budget_fen,
            clawback=row.clawback, triggers=[ClawbackTrigger(t) for t in row.triggers],
            eligibility=[FundRule(field=FundRuleField(r["field"]), values=r.get("values"),
                                  at_least=r.get("atLeast")) for r in row.eligibility],
            status=row.status, effective_from=row.effective_from, effective_to=row.effective_to, row=row,
        )  # fmt: skip

    @strawberry.field(description="所属区划 · the jurisdiction that pays it")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)
