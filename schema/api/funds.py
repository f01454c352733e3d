"""Talent funds (人才资金): `fundPolicies`, `createFundPolicy`, `updateFundPolicy`,
`publishFundPolicy`, `retireFundPolicy`; `applyForFund`, `reviewFundApplication`,
`fundApplications`, `entitlements`; `runPayroll`, `approvePaymentBatch`, `paymentBatches`,
`payments`, `ledgerBalance`; `exportPaymentBatch`, `importBankReturn`; `recoveries`,
`recordFalsification`, `recordRepayment`, `writeOffRecovery`."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import UNSET

from resolvers.core.mutations import run_mutation
from resolvers.funds import applicable, bankfiles, clawback, overview, payroll
from resolvers.funds import applications as apps
from resolvers.funds import policies as ops
from resolvers.funds.eligibility import Rule
from schema.api.connections import connection_field
from schema.api.idempotency import echoed, key_echo, key_input
from schema.api.inputs import args, decode_base64
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.api.talents import ExportPayload, export_payload
from schema.scalars import Fen
from schema.types.base import UserErrorType
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
from schema.types.filters import IDFilter, StringFilter, optional
from schema.types.funds import (
    ApplicableFundPolicy,
    Entitlement,
    FundApplication,
    FundOverview,
    FundPolicy,
    Payment,
    PaymentBatch,
    Recovery,
)


@strawberry.input(description="资金政策筛选 · fund policy filter")
class FundPolicyFilter:
    id: IDFilter | None = optional("政策 · the policy")
    code: StringFilter | None = optional("政策编码 · code")
    name: StringFilter | None = optional("名称 · name")
    status: FundPolicyStatus | None = optional("状态 · status")
    schedule: FundSchedule | None = optional("发放方式 · schedule")
    jurisdiction_code: StringFilter | None = optional("所属区划 · the paying jurisdiction")
    within_jurisdiction: str | None = optional("区划范围 · policies of this jurisdiction and below")


FundPolicyOrder = order_input("FundPolicy", "资金政策", ["ID", "NAME", "CODE"])


@strawberry.input(description="享受条件 · one rule: values for CATEGORY, CARD_TIER, DEGREE; atLeast for "
                  "SOCIAL_INSURANCE_MONTHS; neither for EMPLOYED_HERE, FIRST_HOME")  # fmt: skip
class FundRuleInput:
    field: FundRuleField = strawberry.field(description="条件项 · the fact")
    values: list[str] | None = strawberry.field(
        default=None, description="取值 · category codes, card tiers as programme:tier, or degrees"
    )
    at_least: int | None = strawberry.field(default=None, description="最低值 · months at least")


@strawberry.input(description="新建资金政策 · create a fund policy (as a draft)")
class CreateFundPolicyInput:
    code: str = strawberry.field(description="政策编码 · code, e.g. sjz.rent.doctor")
    name: str = strawberry.field(description="名称 · name")
    jurisdiction_code: str = strawberry.field(description="所属区划 · the paying jurisdiction")
    amount_fen: Fen = strawberry.field(
        description="每笔金额（分） · each payment in fen (300000 = 3,000.00 元)"
    )
    schedule: FundSchedule = strawberry.field(description="发放方式 · monthly, yearly or once")
    months: int = strawberry.field(description="支持期（月） · the support period in months")
    start_event: FundStartEvent = strawberry.field(description="起算事件 · what the period counts from")
    clawback: ClawbackRule = strawberry.field(description="追回方式 · full, pro rata or none")
    triggers: list[ClawbackTrigger] = strawberry.field(description="追回情形 · what stops payments")
    eligibility: list[FundRuleInput] = strawberry.field(description="享受条件 · every rule must hold")
    basis: str | None = strawberry.field(default=None, description="政策依据 · document and article")
    budget_fen: Fen | None = strawberry.field(default=None, description="年度预算（分） · a year's budget")
    effective_from: dt.date | None = strawberry.field(default=None, description="生效日期 · in force from")
    effective_to: dt.date | None = strawberry.field(default=None, description="截止日期 · in force until")


@strawberry.input(description="修改资金政策 · change a policy; a published one gets a new draft version")
class UpdateFundPolicyInput:
    id: strawberry.ID = strawberry.field(description="资金政策 · the policy")
    name: str | None = strawberry.field(default=UNSET, description="名称 · name")
    basis: str | None = strawberry.field(default=UNSET, description="政策依据 · basis")
    amount_fen: Fen | None = strawberry.field(default=UNSET, description="每笔金额（分） · each payment")
    schedule: FundSchedule | None = strawberry.field(default=UNSET, description="发放方式 · schedule")
    months: int | None = strawberry.field(default=UNSET, description="支持期（月） · the period")
    start_event: FundStartEvent | None = strawberry.field(default=UNSET, description="起算事件")
    clawback: ClawbackRule | None = strawberry.field(default=UNSET, description="追回方式 · clawback")
    triggers: list[ClawbackTrigger] | None = strawberry.field(default=UNSET, description="追回情形")
    eligibility: list[FundRuleInput] | None = strawberry.field(default=UNSET, description="享受条件")
    budget_fen: Fen | None = strawberry.field(default=UNSET, description="年度预算（分）; null: uncapped")
    effective_from: dt.date | None = strawberry.field(default=UNSET, description="生效日期")
    effective_to: dt.date | None = strawberry.field(default=UNSET, description="截止日期")


@strawberry.input(description="发布资金政策 · publish a draft (retires the version in force)")
class PublishFundPolicyInput:
    id: strawberry.ID = strawberry.field(description="资金政策 · the draft")
    effective_from: dt.date | None = strawberry.field(default=None, description="生效日期 · default today")


@strawberry.input(description="停止资金政策 · stop taking applications; what was granted goes on")
class RetireFundPolicyInput:
    id: strawberry.ID = strawberry.field(description="资金政策 · the policy")
    effective_to: dt.date | None = strawberry.field(default=None, description="截止日期 · default today")
    reason: str | None = strawberry.field(default=None, description="原因 · reason")


@strawberry.type(description="资金政策变更结果 · result of a fund policy mutation")
class FundPolicyPayload:
    fund_policy: FundPolicy | None = strawberry.field(description="资金政策 · the policy")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _rules(rules: list[FundRuleInput] | None) -> list[Rule] | None:
    return None if rules is None else [Rule(r.field, r.values, r.at_least) for r in rules]


async def _policy(info: strawberry.Info, work) -> FundPolicyPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, FundPolicyPayload, "fund_policy", FundPolicy.from_row)


@strawberry.input(description="资金申领筛选 · fund application filter")
class FundApplicationFilter:
    id: IDFilter | None = optional("申领 · the application")
    number: StringFilter | None = optional("申领编号 · number")
    status: FundApplicationStatus | None = optional("状态 · status")
    talent_id: IDFilter | None = optional("人才 · the talent")
    policy_id: IDFilter | None = optional("资金政策 · the policy (that version)")
    jurisdiction_code: StringFilter | None = optional("所在区划 · the talent's county")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and below")


@strawberry.input(description="享受资格筛选 · entitlement filter")
class EntitlementFilter:
    id: IDFilter | None = optional("享受资格 · the entitlement")
    status: EntitlementStatus | None = optional("状态 · status")
    talent_id: IDFilter | None = optional("人才 · the talent")
    policy_id: IDFilter | None = optional("资金政策 · the policy (that version)")
    policy_code: StringFilter | None = optional("政策编码 · the policy's code, any version")
    jurisdiction_code: StringFilter | None = optional("所在区划 · the talent's county")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and below")


FundApplicationOrder = order_input("FundApplication", "资金申领", ["ID", "CREATED_AT"])
EntitlementOrder = order_input("Entitlement", "享受资格", ["ID", "STARTS_ON"])


@strawberry.input(description="资金申领 · apply for a fund policy (the talent, their unit or a window)")
class ApplyForFundInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    policy_id: strawberry.ID = strawberry.field(description="资金政策 · a published policy where they live")
    bank_name: str = strawberry.field(description="开户银行 · the bank")
    bank_account: str = strawberry.field(description="银行账号 · the account to pay into (8–32 digits)")
    start_on: dt.date | None = strawberry.field(
        default=None, description="起算日期 · the day work started or the home was bought (not for DECISION)"
    )
    first_home: bool = strawberry.field(default=False, description="首次购房 · a first home bought here")
    social_insurance_months: int | None = strawberry.field(
        default=None, description="社保月数 · months of social insurance paid here"
    )
    materials: list[str] | None = strawberry.field(default=None, description="申请材料 · materials")
    client_mutation_id: str | None = key_input("application")


@strawberry.input(description="修改收款账户 · the account an application is paid into from now on")
class UpdateFundBankAccountInput:
    application_id: strawberry.ID = strawberry.field(description="资金申领 · the application")
    bank_name: str = strawberry.field(description="开户银行 · the bank")
    bank_account: str = strawberry.field(description="银行账号 · 8–32 digits")


@strawberry.input(description="审核资金申领 · the county's, then the city's decision")
class ReviewFundApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="资金申领 · the application")
    decision: ReviewDecision = strawberry.field(description="审核结论 · approve or reject")
    opinion: str | None = strawberry.field(default=None, description="审核意见 · required to reject")


@strawberry.type(description="资金申领变更结果 · result of a fund application mutation")
class FundApplicationPayload:
    fund_application: FundApplication | None = strawberry.field(description="资金申领 · the application")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")
    client_mutation_id: str | None = key_echo("applyForFund")


async def _application(info: strawberry.Info, work) -> FundApplicationPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, FundApplicationPayload, "fund_application", FundApplication.from_row)


@strawberry.input(description="发放批次筛选 · payment batch filter")
class PaymentBatchFilter:
    id: IDFilter | None = optional("批次 · the batch")
    period: StringFilter | None = optional("发放月份 · YYYY-MM")
    status: PaymentBatchStatus | None = optional("状态 · status")
    jurisdiction_code: StringFilter | None = optional("发放区划 · the paying jurisdiction")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and below")


@strawberry.input(description="发放记录筛选 · payment filter")
class PaymentFilter:
    id: IDFilter | None = optional("发放记录 · the payment")
    batch_id: IDFilter | None = optional("批次 · the batch")
    talent_id: IDFilter | None = optional("人才 · the talent")
    policy_id: IDFilter | None = optional("资金政策 · the policy")
    period: StringFilter | None = optional("所属月份 · YYYY-MM")
    status: PaymentStatus | None = optional("状态 · status")
    within_jurisdiction: str | None = optional("区划范围 · the talents' counties")


PaymentBatchOrder = order_input("PaymentBatch", "发放批次", ["ID"])
PaymentOrder = order_input("Payment", "发放记录", ["ID"])


@strawberry.input(description="发放资金 · make the batch of what is due up to a month")
class RunPayrollInput:
    jurisdiction_code: str = strawberry.field(description="发放区划 · the jurisdiction whose policies pay")
    period: str = strawberry.field(description="发放月份 · YYYY-MM, this month or an earlier one")


@strawberry.input(description="审批发放批次 · approve a batch for the bank")
class ApprovePaymentBatchInput:
    batch_id: strawberry.ID = strawberry.field(description="批次 · the batch")


@strawberry.type(description="发放批次变更结果 · result of a payroll mutation")
class PaymentBatchPayload:
    payment_batch: PaymentBatch | None = strawberry.field(description="发放批次 · the batch")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


BankFileFormat = strawberry.enum(bankfiles.BankFileFormat, description="银行文件格式 · .xlsx or CSV")


@strawberry.input(description="导出银行代发文件 · the bank file of an approved batch's pending payments")
class ExportPaymentBatchInput:
    batch_id: strawberry.ID = strawberry.field(description="批次 · an approved batch")
    format: BankFileFormat = strawberry.field(  # type: ignore[valid-type]
        default=bankfiles.BankFileFormat.XLSX, description="格式 · .xlsx (default) or CSV"
    )


@strawberry.input(description="导入银行回单 · the bank's return file: each payment paid or failed")
class ImportBankReturnInput:
    batch_id: strawberry.ID = strawberry.field(description="批次 · the batch the file answers")
    file_base64: str = strawberry.field(
        description="回单文件 · .xlsx or CSV: 付款编号, 金额（元）, 处理结果 (成功/失败), 失败原因; base64"
    )
    filename: str | None = strawberry.field(default=None, description="文件名 · for the record")


@strawberry.type(description="银行回单导入结果 · result of importing a bank return file")
class ImportBankReturnPayload:
    payment_batch: PaymentBatch | None = strawberry.field(description="发放批次 · the batch")
    paid_count: int | None = strawberry.field(description="成功笔数 · payments settled as paid")
    failed_count: int | None = strawberry.field(description="失败笔数 · payments settled as failed")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong, by row")


@strawberry.input(description="追回单筛选 · recovery filter")
class RecoveryFilter:
    id: IDFilter | None = optional("追回单 · the recovery")
    number: StringFilter | None = optional("追回单号 · number")
    status: RecoveryStatus | None = optional("状态 · status")
    talent_id: IDFilter | None = optional("人才 · the talent")
    policy_id: IDFilter | None = optional("资金政策 · the policy (that version)")
    entitlement_id: IDFilter | None = optional("享受资格 · the entitlement")
    jurisdiction_code: StringFilter | None = optional("所在区划 · the talent's county")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and below")


RecoveryOrder = order_input("Recovery", "追回单", ["ID"])


@strawberry.input(description="认定弄虚作假或违规使用 · stop an entitlement and recover what it paid")
class RecordFalsificationInput:
    entitlement_id: strawberry.ID = strawberry.field(description="享受资格 · the entitlement")
    reason: str = strawberry.field(description="认定情况 · what was found, and on what evidence")
    amount_fen: Fen | None = strawberry.field(
        default=None, description="追回金额（分） · default: all that was paid; never more"
    )


@strawberry.input(description="登记退款 · money the talent paid back against a recovery")
class RecordRepaymentInput:
    recovery_id: strawberry.ID = strawberry.field(description="追回单 · the recovery")
    amount_fen: Fen = strawberry.field(description="金额（分） · at most what is still owed")
    paid_on: dt.date | None = strawberry.field(default=None, description="退款日期 · default today")
    reference: str | None = strawberry.field(default=None, description="凭证号 · receipt or transfer number")


@strawberry.input(description="核销追回单 · write off what cannot be recovered, with the reason")
class WriteOffRecoveryInput:
    recovery_id: strawberry.ID = strawberry.field(description="追回单 · the recovery")
    reason: str = strawberry.field(description="核销原因 · why the rest cannot be recovered")


@strawberry.type(description="享受资格变更结果 · result of an entitlement mutation")
class EntitlementPayload:
    entitlement: Entitlement | None = strawberry.field(description="享受资格 · the entitlement")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="追回单变更结果 · result of a recovery mutation")
class RecoveryPayload:
    recovery: Recovery | None = strawberry.field(description="追回单 · the recovery")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _recovery(info: strawberry.Info, work) -> RecoveryPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, RecoveryPayload, "recovery", Recovery.from_row)


async def _batch(info: strawberry.Info, work) -> PaymentBatchPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, PaymentBatchPayload, "payment_batch", PaymentBatch.from_row)


@strawberry.type
class FundQueries:
    fund_policies = connection_field(
        ops.FUND_POLICIES, FundPolicy, FundPolicyFilter, FundPolicyOrder,
        "资金政策 · the subsidies and allowances of the jurisdictions the caller may see, every version",
    )  # fmt: skip
    fund_applications = connection_field(
        apps.FUND_APPLICATIONS, FundApplication, FundApplicationFilter, FundApplicationOrder,
        "资金申领 · applications the caller may see: an office's area, a unit's staff, a talent's own",
    )  # fmt: skip
    entitlements = connection_field(
        apps.ENTITLEMENTS, Entitlement, EntitlementFilter, EntitlementOrder,
        "享受资格 · what approved applications grant, as the caller may see them",
    )  # fmt: skip
    payment_batches = connection_field(
        payroll.PAYMENT_BATCHES, PaymentBatch, PaymentBatchFilter, PaymentBatchOrder,
        "发放批次 · payroll runs of the jurisdictions the caller pays for",
    )  # fmt: skip
    payments = connection_field(
        payroll.PAYMENTS, Payment, PaymentFilter, PaymentOrder,
        "发放记录 · installments paid, as the caller may see them (a talent: their own)",
    )  # fmt: skip
    recoveries = connection_field(
        clawback.RECOVERIES, Recovery, RecoveryFilter, RecoveryOrder,
        "追回单 · what stopped entitlements owe back, as the caller may see them (a talent: their own)",
    )  # fmt: skip

    @strawberry.field(description="可申领政策 · policies in force where a talent lives, and how they stand")
    async def fund_policies_for(
        self, info: strawberry.Info, talent_id: strawberry.ID
    ) -> list[ApplicableFundPolicy]:
        found = await applicable.policies_for(ctx(info), talent_id)
        return [
            ApplicableFundPolicy(policy=FundPolicy.from_row(a.policy), unmet=a.unmet, to_declare=a.to_declare,
                                 held=a.held, eligible=not a.unmet and not a.held)
            for a in found
        ]  # fmt: skip

    @strawberry.field(description="资金监管 · per policy and year: budget, committed, paid, recovered")
    async def fund_overview(
        self, info: strawberry.Info, year: int, jurisdiction_code: str | None = None,
        policy_code: str | None = None,
    ) -> list[FundOverview]:  # fmt: skip
        rows = await overview.fund_overview(ctx(info), year, jurisdiction_code, policy_code)
        return [FundOverview.of(r) for r in rows]

    @strawberry.field(
        description="资金台账余额（分） · the sum of the ledger's entries of a talent, a policy or both"
    )
    async def ledger_balance(
        self,
        info: strawberry.Info,
        talent_id: strawberry.ID | None = None,
        policy_id: strawberry.ID | None = None,
    ) -> Fen:
        return Fen(await payroll.ledger_balance(ctx(info), talent_id, policy_id))


@strawberry.type
class FundMutations:
    @strawberry.mutation(description="新建资金政策 · create a fund policy draft (its jurisdiction's office)")
    async def create_fund_policy(
        self, info: strawberry.Info, input: CreateFundPolicyInput
    ) -> FundPolicyPayload:
        data = args(ops.NewFundPolicy, input, eligibility=_rules(input.eligibility) or [])
        return await _policy(info, lambda: ops.create_fund_policy(ctx(info), data))

    @strawberry.mutation(
        description="修改资金政策 · change a draft, or draft the next version of a published one"
    )
    async def update_fund_policy(
        self, info: strawberry.Info, input: UpdateFundPolicyInput
    ) -> FundPolicyPayload:
        rules = {} if input.eligibility is UNSET else {"eligibility": _rules(input.eligibility)}
        data = args(ops.FundPolicyChanges, input, **rules)
        return await _policy(info, lambda: ops.update_fund_policy(ctx(info), data))

    @strawberry.mutation(description="发布资金政策 · publish a draft (retires the version before it)")
    async def publish_fund_policy(
        self, info: strawberry.Info, input: PublishFundPolicyInput
    ) -> FundPolicyPayload:
        return await _policy(info, lambda: ops.publish_fund_policy(ctx(info), input.id, input.effective_from))

    @strawberry.mutation(description="停止资金政策 · retire a published policy")
    async def retire_fund_policy(
        self, info: strawberry.Info, input: RetireFundPolicyInput
    ) -> FundPolicyPayload:
        return await _policy(
            info, lambda: ops.retire_fund_policy(ctx(info), input.id, input.effective_to, input.reason)
        )

    @strawberry.mutation(description="资金申领 · apply for a fund policy on a talent's behalf, or one's own")
    async def apply_for_fund(self, info: strawberry.Info, input: ApplyForFundInput) -> FundApplicationPayload:
        data = args(apps.NewFundApplication, input)
        return echoed(await _application(info, lambda: apps.apply_for_fund(ctx(info), data)), input)

    @strawberry.mutation(description="审核资金申领 · decide the county's or the city's review step")
    async def review_fund_application(
        self, info: strawberry.Info, input: ReviewFundApplicationInput
    ) -> FundApplicationPayload:
        return await _application(info, lambda: apps.review_fund_application(
            ctx(info), input.application_id, input.decision, input.opinion))  # fmt: skip

    @strawberry.mutation(
        description="修改收款账户 · later runs pay into it, a payment the bank returned included"
    )
    async def update_fund_bank_account(
        self, info: strawberry.Info, input: UpdateFundBankAccountInput
    ) -> FundApplicationPayload:
        return await _application(info, lambda: apps.update_bank_account(
            ctx(info), input.application_id, input.bank_name, input.bank_account))  # fmt: skip

    @strawberry.mutation(description="发放资金 · a batch of what a jurisdiction's policies owe up to a month")
    async def run_payroll(self, info: strawberry.Info, input: RunPayrollInput) -> PaymentBatchPayload:
        return await _batch(
            info, lambda: payroll.run_payroll(ctx(info), input.jurisdiction_code, input.period)
        )

    @strawberry.mutation(description="审批发放批次 · approve a batch: its payments go on the ledger")
    async def approve_payment_batch(
        self, info: strawberry.Info, input: ApprovePaymentBatchInput
    ) -> PaymentBatchPayload:
        return await _batch(info, lambda: payroll.approve_payment_batch(ctx(info), input.batch_id))

    @strawberry.mutation(description="导出银行代发文件 · the bank file (whole account numbers; audited)")
    async def export_payment_batch(
        self, info: strawberry.Info, input: ExportPaymentBatchInput
    ) -> ExportPayload:
        return await export_payload(
            info, lambda: bankfiles.export_payment_batch(ctx(info), input.batch_id, input.format)
        )

    @strawberry.mutation(description="导入银行回单 · settle a batch's payments as paid or failed")
    async def import_bank_return(
        self, info: strawberry.Info, input: ImportBankReturnInput
    ) -> ImportBankReturnPayload:
        c = ctx(info)
        result, errors = await run_mutation(
            c, lambda: bankfiles.import_bank_return(c, input.batch_id, decode_base64(input.file_base64))
        )
        batch, paid, failed = result if result is not None else (None, None, None)
        return ImportBankReturnPayload(
            payment_batch=PaymentBatch.from_row(batch) if batch is not None else None,
            paid_count=paid, failed_count=failed, user_errors=[UserErrorType.of(e) for e in errors],
        )  # fmt: skip

    @strawberry.mutation(description="认定弄虚作假或违规使用 · the entitlement stops; a recovery is opened")
    async def record_falsification(
        self, info: strawberry.Info, input: RecordFalsificationInput
    ) -> EntitlementPayload:
        return await payload(info, lambda: clawback.record_falsification(
            ctx(info), input.entitlement_id, input.reason, input.amount_fen),
            EntitlementPayload, "entitlement", Entitlement.from_row)  # fmt: skip

    @strawberry.mutation(description="登记退款 · record a repayment; the recovery settles when all is back")
    async def record_repayment(self, info: strawberry.Info, input: RecordRepaymentInput) -> RecoveryPayload:
        return await _recovery(info, lambda: clawback.record_repayment(
            ctx(info), input.recovery_id, input.amount_fen, input.paid_on, input.reference))  # fmt: skip

    @strawberry.mutation(description="核销追回单 · write off the rest of a recovery, with the reason")
    async def write_off_recovery(
        self, info: strawberry.Info, input: WriteOffRecoveryInput
    ) -> RecoveryPayload:
        return await _recovery(
            info, lambda: clawback.write_off_recovery(ctx(info), input.recovery_id, input.reason)
        )
