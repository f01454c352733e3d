"""Applications for funds (申领) and the entitlements (享受资格) their approval grants.

A talent applies online, or the employer's unit specialist or a window applies for them,
for a published policy in force where the talent lives, with the start event's day, what
the rules ask them to declare, materials and a bank account; the rules are checked at
once (eligibility.py). The county office reviews first; a city's or the province's
policy goes on to the city office. Each reviewer decides with an opinion, kept as a step.
Approval creates the entitlement: the policy's amount and schedule over its period from
the start event. No talent holds two applications or entitlements of one policy at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.compiled import CompiledPermissions
from permissions.masking import mask_account
from permissions.scopes import city_of, covers, jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, changed_meanwhile, forbidden, validation
from resolvers.core.idempotency import fingerprint, once
from resolvers.core.ids import decode_int_id
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_visible
from resolvers.core.numbers import request_number
from resolvers.core.transitions import change_status
from resolvers.core.validation import TextKind
from resolvers.funds.eligibility import facts_of, unmet
from resolvers.funds.flow import FUND_APPLICATION_FLOW
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema import clock
from schema.clock import add_months, china_today
from schema.models import (
    Entitlement,
    FundApplication,
    FundApplicationStep,
    FundPolicy,
    LedgerEntry,
    Payment,
    Talent,
)
from schema.models.enums import (
    EntitlementStatus,
    FundApplicationStatus,
    FundPolicyStatus,
    FundStartEvent,
    LedgerKind,
    PaymentBatchStatus,
    PaymentStatus,
    ReviewDecision,
    TalentStatus,
)

S = FundApplicationStatus
OPEN = (S.COUNTY_REVIEW, S.CITY_REVIEW)
MAX_MATERIALS = 20
MAX_INSURANCE_MONTHS = 600
_ACCOUNT = re.compile(r"\d{8,32}")

FUND_APPLICATIONS = Listing(
    FundApplication,
    "fund_application",
    {
        "id": id_filter("FundApplication", "id", "filter.id"),
        "number": "number",
        "status": "status",
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "policy_id": id_filter("FundPolicy", "policy_id", "filter.policyId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "created_at": "created_at",
    },
    {"ID": OrderColumn("id"), "CREATED_AT": OrderColumn("created_at")},
)
ENTITLEMENTS = Listing(
    Entitlement,
    "entitlement",
    {
        "id": id_filter("Entitlement", "id", "filter.id"),
        "status": "status",
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "policy_id": id_filter("FundPolicy", "policy_id", "filter.policyId"),
        "policy_code": "policy_code",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
        "starts_on": "starts_on",
    },
    {"ID": OrderColumn("id"), "STARTS_ON": OrderColumn("starts_on")},
)


@dataclass(frozen=True)
class NewFundApplication:
    talent_id: str
    policy_id: str
    bank_name: str
    bank_account: str
    start_on: dt.date | None = None  # the start event's day (not for DECISION)
    first_home: bool = False
    social_insurance_months: int | None = None
    materials: list[str] | None = None
    # The client's idempotency key: a resend with it answers with the first application.
    client_mutation_id: str | None = None


def needs_city_review(application: FundApplication, policy: FundPolicy) -> bool:
    """A county's own policy is decided by the county; a city's or the province's goes on."""
    return policy.jurisdiction_id != application.jurisdiction_id


def deciding_scope(application: FundApplication) -> str:
    county = application.jurisdiction_id
    return jur(county) if application.status == S.COUNTY_REVIEW else jur(city_of(county))


def may_decide(perms: CompiledPermissions, application: FundApplication) -> bool:
    """fund_application:approve granted on exactly the deciding jurisdiction (a province
    grant covers it but is not that level's review)."""
    return perms.granted_on("fund_application", "approve", deciding_scope(application))


async def _policy_for(talent: Talent, global_id: str) -> FundPolicy:
    """A published policy that covers where the talent lives; any other is not found."""
    key = decode_int_id(global_id, "FundPolicy", "policyId")
    policy = await FundPolicy.get_or_none(id=key, status=FundPolicyStatus.PUBLISHED)
    if policy is None or not covers(jur(policy.jurisdiction_id), jur(talent.jurisdiction_id)):
        raise UserError("policyId", ErrorCode.NOT_FOUND, "未找到该资金政策", "fund policy not found")
    today = china_today()
    if (policy.effective_from and today < policy.effective_from) or (
        policy.effective_to and today > policy.effective_to
    ):
        raise UserError(
            "policyId", ErrorCode.INVALID_STATE, "该政策不在受理期内", "the policy is not in force"
        )
    return policy


def _declared(data: NewFundApplication, policy: FundPolicy, errors: list[UserError]) -> list[str]:
    today = china_today()
    if policy.start_event == FundStartEvent.DECISION:
        if data.start_on is not None:
            errors.append(validation("startOn", "此政策自批准之日起算，不填起算日期",
                                     "this policy counts from approval: no start day"))  # fmt: skip
    elif data.start_on is None:
        errors.append(validation("startOn", "请填写到岗或购房日期", "the start event's day is required"))
    elif data.start_on > today:
        errors.append(validation("startOn", "起算日期不能晚于今天", "the start day is in the future"))
    elif policy.months and add_months(data.start_on, policy.months) <= today:
        errors.append(validation("startOn", "支持期已满，不能再申领", "the support period is over"))
    months = data.social_insurance_months
    if months is not None and not 0 <= months <= MAX_INSURANCE_MONTHS:
        errors.append(validation("socialInsuranceMonths", f"社保月数为 0–{MAX_INSURANCE_MONTHS}",
                                 f"0 to {MAX_INSURANCE_MONTHS} months"))  # fmt: skip
    materials = data.materials or []
    if len(materials) > MAX_MATERIALS:
        errors.append(validation("materials", f"材料最多 {MAX_MATERIALS} 项", f"at most {MAX_MATERIALS}"))
        return []
    kept = []
    for item in materials:
        try:
            kept.append(read_text(item, "materials", 200, TextKind.LINE, required=True))
        except UserError as error:
            errors.append(error)
            break
    return kept


def _bank(name: str | None, account: str | None, errors: list[UserError]) -> str | None:
    """The bank's name as stored, the account checked; problems go to `errors`."""
    if not _ACCOUNT.fullmatch(account or ""):
        errors.append(validation("bankAccount", "银行账号应为 8–32 位数字", "8 to 32 digits"))
    try:
        return read_text(name, "bankName", 64, TextKind.LINE, required=True)
    except UserError as error:
        errors.append(error)
        return None


def _applicant_scopes(talent: Talent | FundApplication, talent_id: int) -> list[str]:
    scopes = [jur(talent.jurisdiction_id), f"talent:{talent_id}"]
    if talent.employer_id:
        scopes.append(f"org:{talent.employer_id}")
    return scopes


async def _holds(talent_id: int, code: str) -> bool:
    """An active entitlement of the policy's code (any version)."""
    active = Entitlement.filter(talent_id=talent_id, policy_code=code, status=EntitlementStatus.ACTIVE)
    return await active.exists()


async def _overlap(talent_id: int, code: str) -> bool:
    """An open application or an active entitlement of the policy's code (any version)."""
    pending = FundApplication.filter(talent_id=talent_id, policy__code=code, status__in=list(OPEN))
    return await pending.exists() or await _holds(talent_id, code)


async def apply_for_fund(ctx: RequestContext, data: NewFundApplication) -> FundApplication:
    """One application; with a client mutation ID, once (a resend answers with the first)."""
    return await once(
        ctx, "applyForFund", data.client_mutation_id, fingerprint(data),
        FundApplication, "fund_application", lambda: _apply(ctx, data),
    )  # fmt: skip


async def _apply(ctx: RequestContext, data: NewFundApplication) -> FundApplication:
    talent = await find_visible(ctx, Talent, "talent", data.talent_id, "talentId")
    if not ctx.perms.allows("fund_application", "create", _applicant_scopes(talent, talent.id)):
        raise forbidden("talentId", "您无权为该人才申领资金", "not allowed to apply for this talent")
    policy = await _policy_for(talent, data.policy_id)
    errors: list[UserError] = []
    bank_name = _bank(data.bank_name, data.bank_account, errors)
    materials = _declared(data, policy, errors)
    if errors:
        raise UserErrors(errors)
    if talent.status != TalentStatus.ACTIVE:
        raise UserError("talentId", ErrorCode.INVALID_STATE, "该人才已离开，不能申领", "the talent has left")
    facts = await facts_of(talent, policy.jurisdiction_id, data.first_home, data.social_insurance_months)
    if missing := unmet(policy.eligibility, facts):
        raise validation(
            "policyId", f"不符合享受条件：{'；'.join(missing)}", "not eligible: " + "; ".join(missing)
        )
    if await _overlap(talent.id, policy.code):
        raise UserError("policyId", ErrorCode.CONFLICT, "该人才已申领或正在享受此政策",
                        "an application or entitlement of this policy exists")  # fmt: skip
    application = await FundApplication.create(
        number=request_number(talent.jurisdiction_id, clock.now(), "FA"), policy_id=policy.id,
        talent_id=talent.id, jurisdiction_id=talent.jurisdiction_id, employer_id=talent.employer_id,
        status=S.COUNTY_REVIEW, start_on=data.start_on, first_home=data.first_home,
        social_insurance_months=data.social_insurance_months, materials=materials, bank_name=bank_name,
        bank_account=data.bank_account, submitted_by=ctx.actor.username,
    )  # fmt: skip
    await FundApplicationStep.create(application_id=application.id, to_status=S.COUNTY_REVIEW.value,
                                     actor=ctx.actor.username)  # fmt: skip
    await audit(ctx.actor, "applyForFund", "fund_application", application.id,
                after={"number": application.number, "policy": policy.code, "talent_id": talent.id,
                       "bank_account": mask_account(data.bank_account)},
                jurisdiction_code=talent.jurisdiction_id)  # fmt: skip
    return application


async def _grant(application: FundApplication, policy: FundPolicy) -> Entitlement:
    if await _holds(application.talent_id, policy.code):  # approved meanwhile under another application
        raise UserError("applicationId", ErrorCode.CONFLICT, "该人才已在享受此政策",
                        "the talent already holds this policy")  # fmt: skip
    starts = application.start_on or china_today()
    entitlement = await Entitlement.create(
        application_id=application.id, policy_id=policy.id, policy_code=policy.code,
        talent_id=application.talent_id, jurisdiction_id=application.jurisdiction_id,
        employer_id=application.employer_id, amount_fen=policy.amount_fen, schedule=policy.schedule,
        starts_on=starts, ends_on=add_months(starts, policy.months),
    )  # fmt: skip
    # The grant on the ledger: a line of 0, so every balance stays the money that moved.
    await LedgerEntry.create(
        kind=LedgerKind.ENTITLEMENT, amount_fen=0, talent_id=entitlement.talent_id, policy_id=policy.id,
        entitlement_id=entitlement.id, jurisdiction_id=entitlement.jurisdiction_id,
        employer_id=entitlement.employer_id,
    )  # fmt: skip
    return entitlement


async def review_fund_application(
    ctx: RequestContext, application_id: str, decision: ReviewDecision, opinion: str | None
) -> FundApplication:
    application = await find_visible(
        ctx, FundApplication, "fund_application", application_id, "applicationId"
    )
    if application.status not in OPEN:
        raise UserError("applicationId", ErrorCode.INVALID_STATE, "该申领已办结", "already decided")
    if not may_decide(ctx.perms, application):
        raise forbidden("applicationId", "此环节应由申领人所在地的人才工作部门审核",
                        "another office reviews this step")  # fmt: skip
    text = read_text(opinion, "opinion", 2000, required=decision == ReviewDecision.REJECT)
    policy = await FundPolicy.get(id=application.policy_id)
    before = application.status
    if decision == ReviewDecision.REJECT:
        to = S.REJECTED
    elif before == S.COUNTY_REVIEW and needs_city_review(application, policy):
        to = S.CITY_REVIEW
    else:
        to = S.APPROVED
    decided: dict[str, Any] = {"decided_at": clock.now()} if to in (S.APPROVED, S.REJECTED) else {}
    if not await change_status(application, FUND_APPLICATION_FLOW, to, from_=[before], **decided):
        raise changed_meanwhile("applicationId", "the application changed meanwhile; try again")
    entitlement = await _grant(application, policy) if to == S.APPROVED else None
    await FundApplicationStep.create(
        application_id=application.id, from_status=before.value, to_status=to.value,
        decision=decision.value, opinion=text, actor=ctx.actor.username,
    )  # fmt: skip
    await audit(ctx.actor, "reviewFundApplication", "fund_application", application.id,
                before={"status": before.value},
                after={"status": to.value, "decision": decision.value, "opinion": text,
                       "entitlement": entitlement.id if entitlement else None},
                jurisdiction_code=application.jurisdiction_id)  # fmt: skip
    return application


async def update_bank_account(
    ctx: RequestContext, application_id: str, bank_name: str, bank_account: str
) -> FundApplication:
    """The account an application is paid into, changed by whoever may apply for the talent:
    later runs pay into it — a payment the bank returned included — and payments of batches
    not yet approved follow it."""
    application = await find_visible(ctx, FundApplication, "fund_application", application_id,
                                     "applicationId")  # fmt: skip
    scopes = _applicant_scopes(application, application.talent_id)
    if not ctx.perms.allows("fund_application", "create", scopes):
        raise forbidden("applicationId", "您无权修改该申领的收款账户", "not allowed to change this account")
    errors: list[UserError] = []
    name = _bank(bank_name, bank_account, errors)
    if errors:
        raise UserErrors(errors)
    if application.status == S.REJECTED:
        raise UserError("applicationId", ErrorCode.INVALID_STATE, "该申领未通过，无需收款账户",
                        "the application was rejected")  # fmt: skip
    old = application.bank_account or ""
    before = {"bank_name": application.bank_name, "bank_account": mask_account(old)}
    await FundApplication.filter(id=application.id).update(bank_name=name, bank_account=bank_account,
                                                           updated_at=clock.now())  # fmt: skip
    drafts = Payment.filter(entitlement__application_id=application.id, status=PaymentStatus.PENDING,
                            batch__status=PaymentBatchStatus.DRAFT)  # fmt: skip
    moved = await Payment.filter(id__in=list(await drafts.values_list("id", flat=True))).update(
        bank_name=name, bank_account=bank_account)  # fmt: skip
    await audit(ctx.actor, "updateFundBankAccount", "fund_application", application.id, before=before,
                after={"bank_name": name, "bank_account": mask_account(bank_account),
                       "draft_payments": moved},
                jurisdiction_code=application.jurisdiction_id)  # fmt: skip
    await application.refresh_from_db()
    return application
