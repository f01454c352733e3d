"""Clawback (追回): when a trigger happens — the talent marked as having left, their card
revoked, an office finding falsification or misuse — the entitlements it concerns stop at
once and a recovery (追回单) is opened for what the policy's rule gives back.

- A trigger stops the talent's active entitlements whose policy names it (falsification:
  the one entitlement the office names, whatever its policy lists). Leaving after the
  period is over ends an entitlement instead: nothing is owed back.
- Nothing is paid after the stop: the entitlement's installments for months after the stop
  day are taken out of batches not yet approved, and no later run pays a stopped one.
- What is recovered, of what was paid or is being paid (approved, or in a draft batch,
  and not returned by the bank): FULL — all of it; PRO_RATA — each installment's share of
  the days it pays for (its month, its year, or the whole period for a one-off) after the
  stop day, rounded to the fen; NONE — nothing, and no recovery is opened. Falsification
  recovers all that was paid, or less if the office says so, never more.
- Repayments are recorded against the recovery, each a RECOVERY line on the ledger (−),
  until it is repaid in full (SETTLED) or the rest is written off with a reason.
- The talent, their unit and the offices are told; every step is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from permissions.audit import Actor, audit
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, forbidden, validation
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_visible
from resolvers.core.numbers import request_number
from resolvers.core.transitions import change_status
from resolvers.funds.flow import ENTITLEMENT_FLOW, RECOVERY_FLOW
from resolvers.funds.money import yuan
from resolvers.funds.payroll import month_index, month_of_day
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, unit_specialists, users_with_roles
from schema import clock
from schema.clock import add_months, china_today
from schema.models import Entitlement, FundPolicy, LedgerEntry, Payment, PaymentBatch, Recovery, Repayment
from schema.models.enums import (
    ClawbackRule,
    ClawbackTrigger,
    EntitlementStatus,
    FundSchedule,
    LedgerKind,
    PaymentBatchStatus,
    PaymentStatus,
    RecoveryStatus,
)

E, R = EntitlementStatus, RecoveryStatus
OFFICE_ROLES = ("county_admin", "city_admin", "province_admin")
TRIGGER_WORDS = {
    ClawbackTrigger.LEFT: "支持期内离开", ClawbackTrigger.CARD_REVOKED: "人才卡被收回",
    ClawbackTrigger.FALSIFIED: "弄虚作假或违规使用",
}  # fmt: skip

RECOVERIES = Listing(
    Recovery,
    "recovery",
    {
        "id": id_filter("Recovery", "id", "filter.id"),
        "number": "number",
        "status": "status",
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "policy_id": id_filter("FundPolicy", "policy_id", "filter.policyId"),
        "entitlement_id": id_filter("Entitlement", "entitlement_id", "filter.entitlementId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id")},
)


def _span(entitlement: Entitlement, period: str) -> tuple[dt.date, dt.date]:
    """The days an installment pays for, within the entitlement's period."""
    start, end = entitlement.starts_on, entitlement.ends_on
    if entitlement.schedule == FundSchedule.MONTHLY:
        month = dt.date(int(period[:4]), int(period[5:]), 1)
        return max(start, month), min(end, add_months(month, 1))
    if entitlement.schedule == FundSchedule.YEARLY:
        year = (month_index(period) - month_of_day(start)) // 12
        return add_months(start, 12 * year), min(end, add_months(start, 12 * (year + 1)))
    if entitlement.schedule == FundSchedule.ONCE:
        return start, end
    return start, start  # PER_DAY: pays for days already served


def unserved_fen(entitlement: Entitlement, period: str, amount_fen: int, stopped_on: dt.date) -> int:
    """An installment's share of the days after `stopped_on`, rounded half up to the fen."""
    start, end = _span(entitlement, period)
    days = (end - start).days
    if days <= 0:
        return 0
    unserved = min(days, max(0, (end - max(stopped_on, start)).days))
    return (amount_fen * unserved + days // 2) // days


async def _paying(entitlement_id: int) -> list[Payment]:
    """The entitlement's payments that are paid or being paid (not returned by the bank)."""
    return await Payment.filter(entitlement_id=entitlement_id).exclude(status=PaymentStatus.FAILED)


async def _withdraw_unpaid(entitlement: Entitlement, stopped_on: dt.date) -> int:
    """Take the installments for months after the stop out of batches not yet approved;
    returns how many."""
    after = month_of_day(stopped_on)
    drafts = Payment.filter(entitlement_id=entitlement.id, batch__status=PaymentBatchStatus.DRAFT)
    late = [p for p in await drafts if month_index(p.period) > after]
    for payment in late:
        await Payment.filter(id=payment.id).delete()
        batch = await PaymentBatch.get(id=payment.batch_id)
        if batch.count <= 1:
            await PaymentBatch.filter(id=batch.id, status=PaymentBatchStatus.DRAFT).delete()
        else:
            await PaymentBatch.filter(id=batch.id).update(
                count=batch.count - 1, total_fen=batch.total_fen - payment.amount_fen)  # fmt: skip
    return len(late)


@dataclass(frozen=True, slots=True)
class Stop:
    entitlement: Entitlement
    trigger: ClawbackTrigger
    on: dt.date
    reason: str | None
    amount_fen: int | None = None  # falsification: what the office recovers (default: all paid)


def _recoverable(stop: Stop, policy: FundPolicy, payments: Sequence[Payment], paid: int) -> int:
    if stop.trigger == ClawbackTrigger.FALSIFIED:
        return paid if stop.amount_fen is None else stop.amount_fen
    if policy.clawback == ClawbackRule.FULL:
        return paid
    if policy.clawback == ClawbackRule.PRO_RATA:
        return sum(unserved_fen(stop.entitlement, p.period, p.amount_fen, stop.on) for p in payments)
    return 0


async def _tell(stop: Stop, policy: FundPolicy, recovery: Recovery | None) -> list[str]:
    e = stop.entitlement
    offices = {*await users_with_roles(OFFICE_ROLES, jur(e.jurisdiction_id)),
               *await users_with_roles(OFFICE_ROLES, jur(policy.jurisdiction_id))}  # fmt: skip
    recipients = {*await talent_users(e.talent_id), *await unit_specialists(e.employer_id), *offices}
    owed = f"，应退回 {yuan(recovery.amount_fen, True)} 元（追回单 {recovery.number}）" if recovery else ""
    return await notify(
        sorted(recipients), f"人才资金停发：{policy.name}",
        f"因{TRIGGER_WORDS[stop.trigger]}，“{policy.name}”自 {stop.on.isoformat()} 起停发{owed}。",
        related_type="Recovery" if recovery else "Entitlement", related_id=recovery.id if recovery else e.id,
    )  # fmt: skip


async def stop(actor: Actor, what: Stop, policy: FundPolicy) -> list[str]:
    """Stop one entitlement of `policy` for a trigger and open its recovery; the outbox keys
    to enqueue."""
    e = what.entitlement
    if what.trigger == ClawbackTrigger.LEFT and what.on >= e.ends_on:
        await change_status(e, ENTITLEMENT_FLOW, E.ENDED)  # left after the period: nothing owed
        return []
    stopped = await change_status(
        e, ENTITLEMENT_FLOW, E.STOPPED, stopped_on=what.on, stop_reason=what.trigger.value
    )
    if not stopped:
        raise changed_meanwhile(None, "the entitlement changed meanwhile; try again")
    withdrawn = await _withdraw_unpaid(e, what.on)
    payments = await _paying(e.id)
    paid = sum(p.amount_fen for p in payments)
    amount = _recoverable(what, policy, payments, paid)
    recovery = None
    if amount > 0:
        recovery = await Recovery.create(
            number=request_number(e.jurisdiction_id, clock.now(), "RC"), entitlement_id=e.id,
            policy_id=e.policy_id, talent_id=e.talent_id, jurisdiction_id=e.jurisdiction_id,
            employer_id=e.employer_id, trigger=what.trigger.value, reason=what.reason,
            paid_fen=paid, amount_fen=amount, opened_by=actor.username,
        )  # fmt: skip
    await audit(actor, "stopEntitlement", "entitlement", e.id,
                before={"status": "ACTIVE"},
                after={"status": "STOPPED", "trigger": what.trigger.value, "on": what.on.isoformat(),
                       "withdrawn": withdrawn, "recovery": recovery.number if recovery else None,
                       "amount_fen": amount},
                jurisdiction_code=e.jurisdiction_id)  # fmt: skip
    return await _tell(what, policy, recovery)


async def stop_for_talent(
    actor: Actor, talent_id: int, trigger: ClawbackTrigger, on: dt.date, reason: str | None
) -> list[str]:
    """Stop every active entitlement of the talent whose policy names `trigger` (marking a
    talent left, revoking a card); the outbox keys to enqueue after commit."""
    keys: list[str] = []
    active = await Entitlement.filter(talent_id=talent_id, status=E.ACTIVE).order_by("id")
    policies = {p.id: p for p in await FundPolicy.filter(id__in={e.policy_id for e in active})}
    for e in active:
        if trigger.value in policies[e.policy_id].triggers:
            keys += await stop(actor, Stop(e, trigger, on, reason), policies[e.policy_id])
    return keys


async def record_falsification(
    ctx: RequestContext, entitlement_id: str, reason: str | None, amount_fen: int | None
) -> Entitlement:
    """An office found falsification or misuse: the entitlement stops and what was paid (or
    the part the office names) is to be recovered."""
    e = await find_visible(ctx, Entitlement, "entitlement", entitlement_id, "entitlementId")
    if not ctx.perms.allows("entitlement", "revoke", [jur(e.jurisdiction_id)]):
        raise forbidden("entitlementId", "您无权认定此项违规", "not allowed to stop this entitlement")
    text = read_text(reason, "reason", 2000, required=True)
    if e.status != E.ACTIVE:
        raise UserError("entitlementId", ErrorCode.INVALID_STATE, "该享受资格已停发或期满",
                        "the entitlement is not active")  # fmt: skip
    paid = sum(p.amount_fen for p in await _paying(e.id))
    if amount_fen is not None and not 0 < amount_fen <= paid:
        raise validation("amountFen", f"追回金额须大于 0 且不超过已拨付的 {yuan(paid, True)} 元",
                         f"more than 0 and at most the {paid} fen paid")  # fmt: skip
    what = Stop(e, ClawbackTrigger.FALSIFIED, china_today(), text, amount_fen)
    ctx.jobs_after_commit += await stop(ctx.actor, what, await FundPolicy.get(id=e.policy_id))
    return e


async def _open_recovery(ctx: RequestContext, recovery_id: str) -> Recovery:
    recovery = await find_visible(ctx, Recovery, "recovery", recovery_id, "recoveryId")
    if recovery.status != R.OPEN:
        raise UserError("recoveryId", ErrorCode.INVALID_STATE, "该追回单已办结", "the recovery is closed")
    return recovery


async def record_repayment(
    ctx: RequestContext, recovery_id: str, amount_fen: int, paid_on: dt.date | None, reference: str | None
) -> Recovery:
    """Money the talent paid back: a RECOVERY line on the ledger; settled when all is back."""
    recovery = await _open_recovery(ctx, recovery_id)
    if not ctx.perms.allows("recovery", "create", [jur(recovery.jurisdiction_id)]):
        raise forbidden("recoveryId", "您无权登记此追回单的退款", "not allowed to record repayments here")
    outstanding = recovery.amount_fen - recovery.repaid_fen
    if not 0 < amount_fen <= outstanding:
        raise validation("amountFen", f"退款金额须大于 0 且不超过待追回的 {yuan(outstanding, True)} 元",
                         f"more than 0 and at most the {outstanding} fen outstanding")  # fmt: skip
    day = paid_on or china_today()
    if day > china_today():
        raise validation("paidOn", "退款日期不能晚于今天", "the day cannot be in the future")
    ref = read_text(reference, "reference", 64)
    repaid = recovery.repaid_fen + amount_fen
    moved = Recovery.filter(id=recovery.id, status=R.OPEN, repaid_fen=recovery.repaid_fen)
    status = R.SETTLED if repaid == recovery.amount_fen else R.OPEN
    closing = {"status": status, "closed_at": clock.now()} if status == R.SETTLED else {}
    if not await moved.update(repaid_fen=repaid, updated_at=clock.now(), **closing):
        raise changed_meanwhile("recoveryId", "the recovery changed meanwhile; try again")
    await Repayment.create(recovery_id=recovery.id, amount_fen=amount_fen, paid_on=day, reference=ref,
                           recorded_by=ctx.actor.username)  # fmt: skip
    await LedgerEntry.create(
        kind=LedgerKind.RECOVERY, amount_fen=-amount_fen, talent_id=recovery.talent_id,
        policy_id=recovery.policy_id, entitlement_id=recovery.entitlement_id, recovery_id=recovery.id,
        jurisdiction_id=recovery.jurisdiction_id, employer_id=recovery.employer_id,
    )  # fmt: skip
    await audit(ctx.actor, "recordRepayment", "recovery", recovery.id,
                before={"repaid_fen": recovery.repaid_fen},
                after={"repaid_fen": repaid, "amount_fen": amount_fen, "paid_on": day.isoformat(),
                       "reference": ref, "status": status.value},
                jurisdiction_code=recovery.jurisdiction_id)  # fmt: skip
    await recovery.refresh_from_db()
    return recovery


async def write_off_recovery(ctx: RequestContext, recovery_id: str, reason: str | None) -> Recovery:
    """Close a recovery whose rest cannot be got back (核销), with the reason."""
    recovery = await _open_recovery(ctx, recovery_id)
    if not ctx.perms.allows("recovery", "approve", [jur(recovery.jurisdiction_id)]):
        raise forbidden("recoveryId", "您无权核销此追回单", "not allowed to write this recovery off")
    text = read_text(reason, "reason", 2000, required=True)
    if not await change_status(recovery, RECOVERY_FLOW, R.WRITTEN_OFF, from_=[R.OPEN],
                               where={"repaid_fen": recovery.repaid_fen},
                               write_off_reason=text, closed_at=clock.now()):  # fmt: skip
        raise changed_meanwhile("recoveryId", "the recovery changed meanwhile; try again")
    await audit(ctx.actor, "writeOffRecovery", "recovery", recovery.id,
                before={"status": "OPEN"},
                after={"status": "WRITTEN_OFF", "reason": text,
                       "written_off_fen": recovery.amount_fen - recovery.repaid_fen},
                jurisdiction_code=recovery.jurisdiction_id)  # fmt: skip
    return recovery
