"""Talent funds (人才资金): fund policies and the rules of who they pay."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from permissions.masking import mask_account
from resolvers.core.ids import encode_id
from resolvers.funds.applications import OPEN, may_decide
from schema.scalars import Fen
from schema.types.base import Node
from schema.types.cards import ReviewDecision
from schema.types.common import ctx
from schema.types.enums import (
    ClawbackRule,
    ClawbackTrigger,
    EntitlementStatus,
    FundApplicationStatus,
    FundPolicyStatus,
    FundRuleField,
    FundSchedule,
    FundStartEvent,
    PaymentBatchStatus,
    PaymentStatus,
    RecoveryStatus,
)
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.talents import Talent

TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]


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



def _account(row: Any) -> str | None:
    """A bank account as the console shows it to everyone, the talent included: its last four
    digits. The one place it is whole is the bank file (exportPaymentBatch, audited)."""
    return mask_account(row.bank_account) if row.bank_account else None


@strawberry.type
class OfTalentUnderPolicy:
    """The talent and the policy an application, entitlement or payment is of."""

    row: strawberry.Private[Any]

    @strawberry.field(description="资金政策 · the policy")
    async def policy(self, info: strawberry.Info) -> FundPolicy | None:
        row = await ctx(info).loaders.published_policy.load(self.row.policy_id)
        return FundPolicy.from_row(row) if row else None

    @strawberry.field(description="人才 · the talent (null when the caller may not see them)")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        row = await ctx(info).loaders.talent.load(self.row.talent_id)
        return Talent.from_row(row) if row else None


@strawberry.type(description="申领环节 · a step of an application: submitted, or a review's decision")
class FundApplicationStep:
    from_status: FundApplicationStatus | None = strawberry.field(description="原状态 · before")
    to_status: FundApplicationStatus = strawberry.field(description="新状态 · after")
    decision: ReviewDecision | None = strawberry.field(description="审核结论 · approve or reject")
    opinion: str | None = strawberry.field(description="审核意见 · opinion")
    actor: str = strawberry.field(description="经办人 · the account")
    at: dt.datetime = strawberry.field(description="时间 · when")


@strawberry.type(description="资金申领 · a talent's application for a fund policy, and its review")
class FundApplication(OfTalentUnderPolicy, Node):
    number: str = strawberry.field(description="申领编号 · number")
    status: FundApplicationStatus = strawberry.field(description="状态 · county review, city review, decided")
    start_on: dt.date | None = strawberry.field(description="起算日期 · the start event's day, as declared")
    first_home: bool = strawberry.field(description="首次购房 · declared a first home bought here")
    social_insurance_months: int | None = strawberry.field(description="社保月数 · declared months")
    materials: list[str] = strawberry.field(description="申请材料 · materials")
    bank_name: str | None = strawberry.field(description="开户银行 · bank")
    submitted_by: str = strawberry.field(
        description="申领人账号 · who applied: the talent, a unit or a window"
    )
    created_at: dt.datetime = strawberry.field(description="申领时间 · when")
    decided_at: dt.datetime | None = strawberry.field(description="办结时间 · when it was decided")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> FundApplication:
        return cls(
            id=strawberry.ID(encode_id("FundApplication", row.id)), number=row.number, status=row.status,
            start_on=row.start_on, first_home=row.first_home,
            social_insurance_months=row.social_insurance_months,
            materials=list(row.materials), bank_name=row.bank_name, submitted_by=row.submitted_by,
            created_at=row.created_at, decided_at=row.decided_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="银行账号 · the account paid into, masked (whole only in the bank file)")
    def bank_account(self, info: strawberry.Info) -> str | None:
        return _account(self.row)


    @strawberry.field(description="所在区划 · the talent's county when applying")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="可审核 · the caller's office decides the step it waits at")
    def may_review(self, info: strawberry.Info) -> bool:
        return self.row.status in OPEN and may_decide(ctx(info).perms, self.row)

    @strawberry.field(description="审核环节 · its steps, oldest first")
    async def steps(self, info: strawberry.Info) -> list[FundApplicationStep]:
        rows = await ctx(info).loaders.fund_application_steps.load(self.row.id)
        return [FundApplicationStep(from_status=r.from_status, to_status=r.to_status, decision=r.decision,
                                    opinion=r.opinion, actor=r.actor, at=r.at) for r in rows]  # fmt: skip

    @strawberry.field(description="享受资格 · what its approval granted")
    async def entitlement(self, info: strawberry.Info) -> Entitlement | None:
        row = await ctx(info).loaders.entitlement_by_application.load(self.row.id)
        return Entitlement.from_row(row) if row else None


@strawberry.type(description="享受资格 · what an approved application grants: payments over a period")
class Entitlement(OfTalentUnderPolicy, Node):
    policy_code: str = strawberry.field(description="政策编码 · the policy's code")
    amount_fen: Fen = strawberry.field(description="每笔金额（分） · each payment")
    schedule: FundSchedule = strawberry.field(description="发放方式 · schedule")
    starts_on: dt.date = strawberry.field(description="起始日期 · the period starts")
    ends_on: dt.date = strawberry.field(description="截止日期 · the period ends (exclusive)")
    status: EntitlementStatus = strawberry.field(description="状态 · active, stopped or ended")
    stopped_on: dt.date | None = strawberry.field(description="停发日期 · when a trigger stopped it")
    stop_reason: ClawbackTrigger | None = strawberry.field(description="停发原因 · the trigger")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Entitlement:
        return cls(
            id=strawberry.ID(encode_id("Entitlement", row.id)), policy_code=row.policy_code,
            amount_fen=row.amount_fen, schedule=row.schedule, starts_on=row.starts_on, ends_on=row.ends_on,
            status=row.status, stopped_on=row.stopped_on,
            stop_reason=ClawbackTrigger(row.stop_reason) if row.stop_reason else None, row=row,
        )  # fmt: skip

    @strawberry.field(description="追回单 · what its stop opened (as the caller may see them)")
    async def recoveries(self, info: strawberry.Info) -> list[Recovery]:
        rows = await ctx(info).loaders.recoveries_by_entitlement.load(self.row.id)
        return [Recovery.from_row(r) for r in rows]


@strawberry.type(description="发放批次 · a payroll run's payments for a jurisdiction and month, for approval")
class PaymentBatch(Node):
    number: str = strawberry.field(description="批次编号 · number")
    period: str = strawberry.field(description="发放月份 · the month run, YYYY-MM")
    status: PaymentBatchStatus = strawberry.field(description="状态 · awaiting approval, approved or settled")
    total_fen: Fen = strawberry.field(description="合计（分） · the batch's total")
    count: int = strawberry.field(description="笔数 · payments in it")
    created_by: str = strawberry.field(description="发起人 · who ran it")
    approved_by: str | None = strawberry.field(description="审批人 · who approved it")
    approved_at: dt.datetime | None = strawberry.field(description="审批时间 · when")
    exported_at: dt.datetime | None = strawberry.field(description="银行文件生成时间 · the last bank file")
    created_at: dt.datetime = strawberry.field(description="生成时间 · when it was made")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> PaymentBatch:
        return cls(
            id=strawberry.ID(encode_id("PaymentBatch", row.id)), number=row.number, period=row.period,
            status=row.status, total_fen=row.total_fen, count=row.count, created_by=row.created_by,
            approved_by=row.approved_by, approved_at=row.approved_at, exported_at=row.exported_at,
            created_at=row.created_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="发放区划 · the paying jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)


@strawberry.type(description="发放 · one installment of an entitlement, paid into the talent's account")
class Payment(OfTalentUnderPolicy, Node):
    period: str = strawberry.field(description="所属月份 · the installment's month, YYYY-MM")
    amount_fen: Fen = strawberry.field(description="金额（分） · amount")
    status: PaymentStatus = strawberry.field(description="状态 · pending, paid or failed")
    bank_name: str | None = strawberry.field(description="开户银行 · bank")
    failure_reason: str | None = strawberry.field(description="失败原因 · the bank's, when it failed")
    settled_at: dt.datetime | None = strawberry.field(description="结算时间 · when the bank's return came")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Payment:
        return cls(
            id=strawberry.ID(encode_id("Payment", row.id)), period=row.period, amount_fen=row.amount_fen,
            status=row.status, bank_name=row.bank_name, failure_reason=row.failure_reason,
            settled_at=row.settled_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="银行账号 · the account, masked (whole only in the bank file)")
    def bank_account(self, info: strawberry.Info) -> str | None:
        return _account(self.row)



@strawberry.type(description="追回还款 · money the talent paid back against a recovery")
class Repayment:
    amount_fen: Fen = strawberry.field(description="金额（分） · amount")
    paid_on: dt.date = strawberry.field(description="退款日期 · the day it was paid")
    reference: str | None = strawberry.field(description="凭证号 · receipt or transfer number")
    recorded_by: str = strawberry.field(description="登记人 · who recorded it")
    at: dt.datetime = strawberry.field(description="登记时间 · when")


@strawberry.type(description="追回单 · what a stopped entitlement owes back, and its repayments")
class Recovery(OfTalentUnderPolicy, Node):
    number: str = strawberry.field(description="追回单号 · number")
    trigger: ClawbackTrigger = strawberry.field(description="追回情形 · what stopped the entitlement")
    reason: str | None = strawberry.field(description="原因 · the office's account of it")
    paid_fen: Fen = strawberry.field(description="已拨付（分） · paid or being paid when it was opened")
    amount_fen: Fen = strawberry.field(description="应追回（分） · to be recovered")
    repaid_fen: Fen = strawberry.field(description="已追回（分） · repaid so far")
    outstanding_fen: Fen = strawberry.field(description="待追回（分） · still owed (0 once closed)")
    status: RecoveryStatus = strawberry.field(description="状态 · open, settled or written off")
    write_off_reason: str | None = strawberry.field(description="核销原因 · why the rest was written off")
    opened_by: str = strawberry.field(description="发起人 · the account whose act opened it")
    created_at: dt.datetime = strawberry.field(description="立单时间 · when")
    closed_at: dt.datetime | None = strawberry.field(description="办结时间 · settled or written off")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Recovery:
        open_ = row.status == "OPEN"
        return cls(
            id=strawberry.ID(encode_id("Recovery", row.id)), number=row.number,
            trigger=ClawbackTrigger(row.trigger), reason=row.reason, paid_fen=row.paid_fen,
            amount_fen=row.amount_fen, repaid_fen=row.repaid_fen,
            outstanding_fen=Fen(row.amount_fen - row.repaid_fen if open_ else 0), status=row.status,
            write_off_reason=row.write_off_reason, opened_by=row.opened_by, created_at=row.created_at,
            closed_at=row.closed_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="享受资格 · the entitlement it stopped")
    async def entitlement(self, info: strawberry.Info) -> Entitlement | None:
        row = await ctx(info).loaders.entitlement.load(self.row.entitlement_id)
        return Entitlement.from_row(row) if row else None

    @strawberry.field(description="还款记录 · repayments, oldest first")
    async def repayments(self, info: strawberry.Info) -> list[Repayment]:
        rows = await ctx(info).loaders.repayments.load(self.row.id)
        return [Repayment(amount_fen=r.amount_fen, paid_on=r.paid_on, reference=r.reference,
                          recorded_by=r.recorded_by, at=r.at) for r in rows]  # fmt: skip


@strawberry.type(description="可申领政策 · a policy in force where the talent lives, and how they stand")
class ApplicableFundPolicy:
    policy: FundPolicy = strawberry.field(description="资金政策 · the policy")
    unmet: list[str] = strawberry.field(description="不符合的条件 · rules the talent's record does not meet")
    to_declare: list[FundRuleField] = strawberry.field(
        description="需申报的条件 · facts the application declares, with materials (first home, insurance)"
    )
    held: bool = strawberry.field(description="已申领或享受中 · an open application or an active entitlement")
    eligible: bool = strawberry.field(description="可以申领 · meets the rules on record and holds none")


@strawberry.type(description="资金月度 · one month of a fund's figures")
class FundMonth:
    period: str = strawberry.field(description="月份 · YYYY-MM")
    paid_fen: Fen = strawberry.field(description="发放（分） · installments of the month paid")
    recovered_fen: Fen = strawberry.field(description="追回（分） · repayments received in the month")


@strawberry.type(description="资金监管 · a policy's year: budget, committed, paid, recovered, by month")
class FundOverview:
    code: str = strawberry.field(description="政策编码 · the policy's code (every version)")
    policy: FundPolicy = strawberry.field(description="资金政策 · the version in force, or the latest")
    year: int = strawberry.field(description="年度 · calendar year")
    budget_fen: Fen | None = strawberry.field(description="年度预算（分） · null: uncapped")
    share: bool = strawberry.field(
        description="本辖区份额 · a policy paid above the caller's office: figures are its area's share"
    )
    paid_fen: Fen = strawberry.field(description="已发放（分） · the year's installments paid")
    due_fen: Fen = strawberry.field(description="待发放（分） · the year's installments still due")
    committed_fen: Fen = strawberry.field(description="已承诺（分） · paid + due, against the budget")
    recovered_fen: Fen = strawberry.field(description="已追回（分） · repayments received in the year")
    active_entitlements: int = strawberry.field(description="享受中人数 · active entitlements")
    months: list[FundMonth] = strawberry.field(description="按月 · the months with payments or repayments")

    @classmethod
    def of(cls, f: Any) -> FundOverview:
        return cls(
            code=f.code, policy=FundPolicy.from_row(f.policy), year=f.year, budget_fen=f.budget_fen,
            share=f.share, paid_fen=f.paid_fen, due_fen=f.due_fen, committed_fen=f.committed_fen,
            recovered_fen=f.recovered_fen, active_entitlements=f.active_entitlements,
            months=[FundMonth(period=m.period, paid_fen=m.paid_fen, recovered_fen=m.recovered_fen)
                    for m in f.months.values()],
        )  # fmt: skip
