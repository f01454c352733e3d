"""Fund policies (资金政策): drafted by an office, published in versions, retired.

A policy says who is eligible (eligibility.py), how much each payment is and when it
falls (monthly or yearly over the support period, or once), what a year's budget is, and
what happens when a talent leaves within the period, loses the card or is found to have
falsified (the triggers) — payments stop, and the money paid is recovered in full, pro
rata, or not at all (the clawback). Editing a published version drafts the next one;
publishing it retires the one in force, so a code has one published version at a time.
Amounts are integer fen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import (
    ErrorCode,
    UserError,
    UserErrors,
    action_name,
    forbidden,
    validation,
)
from resolvers.core.inputs import UNSET, Text, Unset, read_text, read_texts
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.core.mutations import snapshot
from resolvers.core.validation import TextKind
from resolvers.core.versions import publish_version, retire_version
from resolvers.funds.eligibility import Rule, check_rules
from resolvers.funds.flow import FUND_POLICY_FLOW
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema.clock import china_today
from schema.models import FundPolicy
from schema.models.enums import ClawbackRule, ClawbackTrigger, FundPolicyStatus, FundSchedule, FundStartEvent

MAX_PAYMENT_FEN = 10_000_000_000  # 1 亿元 in one payment: anything above is a typing slip
MAX_BUDGET_FEN = 10**15  # 10 万亿元 (within 2^53, exact in JSON)
MAX_MONTHS = 600
EDITABLE = ("name", "basis", "eligibility", "amount_fen", "schedule", "months", "start_event",
            "budget_fen", "clawback", "triggers", "effective_from", "effective_to")  # fmt: skip
AUDITED = ("code", "version", "status", "jurisdiction_id", *EDITABLE)
TEXTS = (Text("name", "name", 128, required=True), Text("basis", "basis", 4000, kind=TextKind.TEXT))

FUND_POLICIES = Listing(
    FundPolicy,
    "fund_policy",
    {
        "id": id_filter("FundPolicy", "id", "filter.id"),
        "code": "code",
        "name": "name",
        "status": "status",
        "schedule": "schedule",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id"), "NAME": OrderColumn("name"), "CODE": OrderColumn("code")},
)


@dataclass(frozen=True)
class NewFundPolicy:
    code: str
    name: str
    jurisdiction_code: str
    amount_fen: int
    schedule: FundSchedule
    months: int
    start_event: FundStartEvent
    clawback: ClawbackRule
    triggers: list[ClawbackTrigger]
    eligibility: list[Rule]
    basis: str | None = None
    budget_fen: int | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@dataclass(frozen=True)
class FundPolicyChanges:
    """updateFundPolicy: UNSET keeps the stored value, None clears it."""

    id: str
    name: str | Unset = UNSET
    basis: str | Unset | None = UNSET
    amount_fen: int | Unset | None = UNSET
    schedule: FundSchedule | Unset | None = UNSET
    months: int | Unset | None = UNSET
    start_event: FundStartEvent | Unset | None = UNSET
    clawback: ClawbackRule | Unset | None = UNSET
    triggers: list[ClawbackTrigger] | Unset | None = UNSET
    eligibility: list[Rule] | Unset | None = UNSET
    budget_fen: int | Unset | None = UNSET
    effective_from: dt.date | Unset | None = UNSET
    effective_to: dt.date | Unset | None = UNSET


PolicyInput = NewFundPolicy | FundPolicyChanges


def _require(ctx: RequestContext, action: str, code: str) -> None:
    if not ctx.perms.allows("fund_policy", action, [jur(code)]):
        raise forbidden(None, f"您无权在此区划{action_name(action)}资金政策",
                        f"not allowed to {action} fund policies here")  # fmt: skip


async def _visible_policy(ctx: RequestContext, global_id: str) -> FundPolicy:
    return await find_visible(ctx, FundPolicy, "fund_policy", global_id, "id")


def _fen(value: int, field: str, limit: int, errors: list[UserError]) -> None:
    if not 0 < value <= limit:
        errors.append(validation(field, f"金额须大于 0 且不超过 {limit // 100:,} 元",
                                 f"an amount above 0 and at most {limit} fen"))  # fmt: skip


REQUIRED = {
    "amount_fen": "amountFen", "schedule": "schedule", "months": "months", "start_event": "startEvent",
    "clawback": "clawback", "triggers": "triggers", "eligibility": "eligibility",
}  # fmt: skip


async def _check(data: PolicyInput, values: dict[str, Any], errors: list[UserError]) -> None:
    """The given fields, checked, into `values` (what is left out stays out)."""
    nulls = [field for attr, field in REQUIRED.items() if getattr(data, attr) is None]
    if nulls:  # an update may leave these out, never clear them
        errors.extend(validation(field, "此项不能为空", f"{field} cannot be null") for field in nulls)
        return
    read_texts(data, TEXTS, values, errors)
    for name in ("schedule", "start_event", "clawback", "effective_from", "effective_to"):
        if (value := getattr(data, name)) is not UNSET:
            values[name] = value
    if isinstance(amount := data.amount_fen, int):
        _fen(amount, "amountFen", MAX_PAYMENT_FEN, errors)
        values["amount_fen"] = amount
    if (budget := data.budget_fen) is not UNSET:
        if budget is not None:
            _fen(budget, "budgetFen", MAX_BUDGET_FEN, errors)
        values["budget_fen"] = budget
    if isinstance(months := data.months, int):
        if not 0 <= months <= MAX_MONTHS:
            errors.append(validation("months", f"支持期为 0–{MAX_MONTHS} 个月", f"0 to {MAX_MONTHS} months"))
        values["months"] = months
    if isinstance(triggers := data.triggers, list):
        if len(set(triggers)) != len(triggers):
            errors.append(validation("triggers", "追回情形不能重复", "each trigger once"))
        values["triggers"] = sorted({t.value for t in triggers})
    if isinstance(rules := data.eligibility, list):
        try:
            values["eligibility"] = await check_rules(rules)
        except UserError as error:
            errors.append(error)


def _coherent(policy: dict[str, Any]) -> list[UserError]:
    """What must hold of a whole policy, new or edited."""
    problems = []
    schedule, months = policy["schedule"], policy["months"]
    if schedule != FundSchedule.ONCE and months < 1:
        problems.append(
            validation("months", "按月或按年发放须有支持期", "a monthly or yearly policy needs a period")
        )
    if schedule == FundSchedule.YEARLY and months % 12:
        problems.append(validation("months", "按年发放的支持期须为整年（12 的倍数）",
                                   "a yearly policy's period is whole years (a multiple of 12)"))  # fmt: skip
    budget = policy.get("budget_fen")
    if budget is not None and budget < policy["amount_fen"]:
        problems.append(
            validation("budgetFen", "年度预算不能少于一笔发放金额", "the budget is below one payment")
        )
    starts, ends = policy.get("effective_from"), policy.get("effective_to")
    if starts and ends and ends < starts:
        problems.append(validation("effectiveTo", "截止日期不能早于生效日期", "ends before it starts"))
    if policy["clawback"] != ClawbackRule.NONE and not policy["triggers"]:
        problems.append(
            validation("triggers", "设定追回方式时须列出追回情形", "a clawback needs its triggers")
        )
    return problems


def policy_code(value: str, field: str = "code") -> str:
    """A policy code as stored: 1 to 64 ASCII letters, digits, '.', '_' or '-'."""
    code = (value or "").strip()
    if not code or len(code) > 64 or not all(c.isascii() and (c.isalnum() or c in "._-") for c in code):
        raise validation(field, "政策编码应为 1 至 64 位字母、数字或“.”“_”“-”",
                         "1 to 64 letters, digits, '.', '_' or '-'")  # fmt: skip
    return code


async def create_fund_policy(ctx: RequestContext, data: NewFundPolicy) -> FundPolicy:
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    try:
        code = policy_code(data.code)
    except UserError as error:
        errors.append(error)
        code = ""
    try:
        jurisdiction = (await find_jurisdiction(data.jurisdiction_code)).code
    except UserError as error:
        errors.append(error)
        jurisdiction = ""
    await _check(data, values, errors)
    if errors:
        raise UserErrors(errors)
    if problems := _coherent(values):
        raise UserErrors(problems)
    _require(ctx, "create", jurisdiction)
    if await FundPolicy.filter(code=code).exists():
        raise UserError("code", ErrorCode.CONFLICT, "该政策编码已存在", "a policy with this code exists")
    policy = await FundPolicy.create(code=code, version=1, jurisdiction_id=jurisdiction,
                                     status=FundPolicyStatus.DRAFT, **values)  # fmt: skip
    await audit(ctx.actor, "createFundPolicy", "fund_policy", policy.id,
                after=snapshot(policy, AUDITED), jurisdiction_code=jurisdiction)  # fmt: skip
    return policy


async def update_fund_policy(ctx: RequestContext, data: FundPolicyChanges) -> FundPolicy:
    policy = await _visible_policy(ctx, data.id)
    _require(ctx, "update", policy.jurisdiction_id)
    if policy.status == FundPolicyStatus.RETIRED:
        raise UserError(
            "id", ErrorCode.INVALID_STATE, "已停止的政策不能修改", "a retired policy cannot change"
        )
    errors: list[UserError] = []
    values: dict[str, Any] = {}
    await _check(data, values, errors)
    if errors:
        raise UserErrors(errors)
    whole = {**{k: getattr(policy, k) for k in EDITABLE}, **values}
    if problems := _coherent(whole):
        raise UserErrors(problems)
    before = snapshot(policy, AUDITED)
    if policy.status == FundPolicyStatus.PUBLISHED:
        if await FundPolicy.filter(code=policy.code, status=FundPolicyStatus.DRAFT).exists():
            raise UserError("id", ErrorCode.CONFLICT, "该政策已有待发布的新版本草稿",
                            "a draft of the next version exists")  # fmt: skip
        policy = await FundPolicy.create(code=policy.code, version=policy.version + 1,
                                         jurisdiction_id=policy.jurisdiction_id,
                                         status=FundPolicyStatus.DRAFT, **whole)  # fmt: skip
    else:
        policy.update_from_dict(values)
        await policy.save()
    await audit(ctx.actor, "updateFundPolicy", "fund_policy", policy.id, before=before,
                after=snapshot(policy, AUDITED), jurisdiction_code=policy.jurisdiction_id)  # fmt: skip
    return policy


async def publish_fund_policy(
    ctx: RequestContext, policy_id: str, effective_from: dt.date | None = None
) -> FundPolicy:
    """`effective_from` defaults to the draft's own, else today."""
    policy = await _visible_policy(ctx, policy_id)
    _require(ctx, "approve", policy.jurisdiction_id)
    starts = effective_from or policy.effective_from or china_today()
    current = await publish_version(policy, FUND_POLICY_FLOW, FundPolicyStatus, starts, "政策", "policy")
    await audit(ctx.actor, "publishFundPolicy", "fund_policy", policy.id,
                after={"version": policy.version, "effective_from": starts.isoformat(),
                       "retired": [o.id for o in current]},
                jurisdiction_code=policy.jurisdiction_id)  # fmt: skip
    return policy


async def retire_fund_policy(
    ctx: RequestContext, policy_id: str, effective_to: dt.date | None = None, reason: str | None = None
) -> FundPolicy:
    """No new applications from `effective_to` (default today); what was granted goes on."""
    policy = await _visible_policy(ctx, policy_id)
    _require(ctx, "approve", policy.jurisdiction_id)
    reason = read_text(reason, "reason", 2000)
    ends = await retire_version(policy, FUND_POLICY_FLOW, FundPolicyStatus, effective_to, "政策", "policy")
    await audit(ctx.actor, "retireFundPolicy", "fund_policy", policy.id,
                after={"effective_to": ends.isoformat(), "reason": reason},
                jurisdiction_code=policy.jurisdiction_id)  # fmt: skip
    return policy
