"""Payroll (发放): a monthly run per paying jurisdiction makes a batch of the installments
due, the office approves it, and the approved payments go on the ledger.

An installment is an entitlement's payment for one month (YYYY-MM): every month of its
period (MONTHLY), the first month of each year of it (YEARLY) or its first month (ONCE).
A PER_DAY entitlement (服务基层津补贴) pays in a run's month for the confirmed days of
grassroots service not yet paid; each service record is linked to its payment, so its
days are paid once.
A run for month P pays each active entitlement of the jurisdiction's policies every
installment due up to P that was never paid (arrears in the first run after approval);
`Payment` is unique per (entitlement, month) among the payments the bank did not return,
so a repeated run, or two at once, pays no installment twice, a returned one is paid again
(to the account on file), and a stopped entitlement is never paid again. A run that would
take a policy past its year's budget stops, naming the policy, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

from permissions.audit import Actor, audit
from permissions.scopes import jur
from permissions.visibility import visible
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, forbidden, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.lookup import find_jurisdiction, find_visible
from resolvers.core.numbers import request_number
from resolvers.core.transitions import Flow, change_status
from resolvers.funds.money import yuan
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from schema import clock
from schema.clock import china_today
from schema.models import (
    Entitlement,
    FundApplication,
    FundPolicy,
    GrassrootsService,
    LedgerEntry,
    Payment,
    PaymentBatch,
)
from schema.models.enums import (
    EntitlementStatus,
    FundSchedule,
    GrassrootsServiceStatus,
    LedgerKind,
    PaymentBatchStatus,
    PaymentStatus,
)

B = PaymentBatchStatus
BATCH_FLOW = Flow("payment batch", {B.DRAFT: {B.APPROVED}, B.APPROVED: {B.SETTLED}})
_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")

PAYMENT_BATCHES = Listing(
    PaymentBatch,
    "payment_batch",
    {
        "id": id_filter("PaymentBatch", "id", "filter.id"),
        "period": "period",
        "status": "status",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id")},
)
PAYMENTS = Listing(
    Payment,
    "payment",
    {
        "id": id_filter("Payment", "id", "filter.id"),
        "batch_id": id_filter("PaymentBatch", "batch_id", "filter.batchId"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "policy_id": id_filter("FundPolicy", "policy_id", "filter.policyId"),
        "period": "period",
        "status": "status",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id")},
)


def month_index(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of_day(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def installments(entitlement: Entitlement, upto: int) -> Iterator[str]:
    """The months, up to `upto` (a month index), in which the entitlement pays."""
    first, end = month_of_day(entitlement.starts_on), month_of_day(entitlement.ends_on)
    if entitlement.schedule == FundSchedule.PER_DAY:  # paid by service days, not by the calendar
        return
    if entitlement.schedule == FundSchedule.ONCE:
        if first <= upto:
            yield month_of(first)
        return
    step = 12 if entitlement.schedule == FundSchedule.YEARLY else 1
    for index in range(first, min(end - 1, upto) + 1, step):
        yield month_of(index)


def _period(value: str) -> int:
    if not _PERIOD.fullmatch(value or ""):
        raise validation("period", "发放月份格式应为 YYYY-MM", "the period is YYYY-MM")
    index = month_index(value)
    if index > month_of_day(china_today()):
        raise validation("period", "不能为将来的月份发放", "a run cannot pay a month still to come")
    return index


async def _total_fen(rows: QuerySet[Any]) -> int:
    """The sum of the rows' `amount_fen` (0 for none), in one statement."""
    found = await rows.annotate(total=Sum("amount_fen")).values("total")
    return int(found[0]["total"] or 0) if found else 0


async def _spent(policy_id: int, year: int) -> int:
    """What a policy's payments of a calendar year (not failed ones) add up to."""
    year_of = Payment.filter(policy_id=policy_id, period__startswith=f"{year:04d}-")
    return await _total_fen(year_of.exclude(status=PaymentStatus.FAILED))


async def _check_budgets(due: list[Payment], policies: dict[int, FundPolicy]) -> None:
    adding: dict[tuple[int, int], int] = defaultdict(int)
    for payment in due:
        adding[(payment.policy_id, int(payment.period[:4]))] += payment.amount_fen
    for (policy_id, year), amount in sorted(adding.items()):
        policy = policies[policy_id]
        if policy.budget_fen is None:
            continue
        spent = await _spent(policy_id, year)
        if spent + amount > policy.budget_fen:
            raise UserError(
                "period", ErrorCode.LIMIT_EXCEEDED,
                f"“{policy.name}”{year} 年度预算 {yuan(policy.budget_fen, True)} 元不足："
                f"已发放 {yuan(spent, True)} 元，本次需 {yuan(amount, True)} 元",
                f"{policy.code}: {year}'s budget of {policy.budget_fen} fen would be exceeded "
                f"({spent} spent, {amount} more)",
            )  # fmt: skip


async def run_payroll(ctx: RequestContext, jurisdiction_code: str, period: str) -> PaymentBatch:
    """A batch of what is due in `jurisdiction_code`'s policies up to `period`; the batch
    of that month already made when nothing more is due."""
    place = (await find_jurisdiction(jurisdiction_code)).code
    if not ctx.perms.allows("payment_batch", "create", [jur(place)]):
        raise forbidden("jurisdictionCode", "您无权为此区划发放资金", "not allowed to run payroll here")
    upto = _period(period)
    batch = await make_batch(ctx.actor, place, period, upto)
    if batch is None:
        batch = await PaymentBatch.filter(jurisdiction_id=place, period=period).order_by("-id").first()
    if batch is None:
        raise UserError("period", ErrorCode.INVALID_STATE, "本月没有应发放的款项", "nothing is due")
    return batch


async def make_batch(actor: Actor, place: str, period: str, upto: int) -> PaymentBatch | None:
    """The batch of every installment due up to `upto` and never paid, of `place`'s
    policies (None when there is none). Run it in a transaction: the batch and its
    payments are written together or not at all."""
    policies = {p.id: p for p in await FundPolicy.filter(jurisdiction_id=place)}
    entitlements = await Entitlement.filter(policy_id__in=list(policies), status=EntitlementStatus.ACTIVE)
    paid = await installments_made([e.id for e in entitlements])
    applications = FundApplication.filter(id__in=[e.application_id for e in entitlements])
    banks = {row[0]: row[1:] for row in await applications.values_list("id", "bank_name", "bank_account")}
    due = [
        Payment(entitlement_id=e.id, policy_id=e.policy_id, talent_id=e.talent_id,
                jurisdiction_id=e.jurisdiction_id, employer_id=e.employer_id, period=month,
                amount_fen=e.amount_fen,
                bank_name=banks[e.application_id][0], bank_account=banks[e.application_id][1])
        for e in entitlements for month in installments(e, upto) if (e.id, month) not in paid
    ]  # fmt: skip
    served = await _served_days(entitlements, paid, period)
    due += [
        Payment(entitlement_id=e.id, policy_id=e.policy_id, talent_id=e.talent_id,
                jurisdiction_id=e.jurisdiction_id, employer_id=e.employer_id, period=period,
                amount_fen=e.amount_fen * served[e.id][0],
                bank_name=banks[e.application_id][0], bank_account=banks[e.application_id][1])
        for e in entitlements if e.id in served
    ]  # fmt: skip
    if not due:
        return None
    await _check_budgets(due, policies)
    batch = await PaymentBatch.create(
        number=request_number(place, clock.now(), "PB"), jurisdiction_id=place, period=period,
        total_fen=sum(p.amount_fen for p in due), count=len(due), created_by=actor.username,
    )  # fmt: skip
    for payment in due:
        payment.batch_id = batch.id
    try:
        await Payment.bulk_create(due)
    except IntegrityError:  # another run paid some of them meanwhile: this one writes nothing
        raise UserError("period", ErrorCode.CONFLICT, "另一发放任务正在进行，请稍后重试",
                        "another payroll run is under way; try again") from None  # fmt: skip
    await _mark_served_paid(batch.id, {key: ids for key, (_, ids) in served.items()})
    await audit(actor, "runPayroll", "payment_batch", batch.id,
                after={"period": period, "count": batch.count, "total_fen": batch.total_fen},
                jurisdiction_code=place)  # fmt: skip
    return batch


async def _served_days(
    entitlements: list[Entitlement], paid: set[tuple[int, str]], period: str
) -> dict[int, tuple[int, list[int]]]:
    """PER_DAY (服务基层津补贴): for each such entitlement not yet paid for `period`, the
    confirmed grassroots service days never paid, begun within its [starts_on, ends_on)
    and by the end of `period`, with their records' ids. A record counts for one
    entitlement only, should a talent hold two."""
    per_day = [e for e in entitlements if e.schedule == FundSchedule.PER_DAY and (e.id, period) not in paid]
    if not per_day:
        return {}
    after = month_index(period) + 1
    month_end = dt.date(after // 12, after % 12 + 1, 1)
    records = await GrassrootsService.filter(
        talent_id__in=[e.talent_id for e in per_day], status=GrassrootsServiceStatus.CONFIRMED,
        payment_id__isnull=True, starts_on__lt=month_end,
    ).order_by("id").values_list("id", "talent_id", "starts_on", "days")  # fmt: skip
    served: dict[int, tuple[int, list[int]]] = {}
    taken: set[int] = set()
    for e in sorted(per_day, key=lambda e: e.id):
        mine = [(key, days) for key, talent, starts, days in records
                if talent == e.talent_id and e.starts_on <= starts < e.ends_on
                and key not in taken]  # fmt: skip
        if mine:
            taken.update(key for key, _ in mine)
            served[e.id] = (sum(days for _, days in mine), [key for key, _ in mine])
    return served


async def _mark_served_paid(batch_id: int, served: dict[int, list[int]]) -> None:
    """Link the service records to the payment that paid their days; a record another run
    paid meanwhile makes this run write nothing (the caller's transaction rolls back)."""
    if not served:
        return
    payments = Payment.filter(batch_id=batch_id, entitlement_id__in=list(served))
    for entitlement_id, payment_id in await payments.values_list("entitlement_id", "id"):
        records = served[entitlement_id]
        marked = await GrassrootsService.filter(id__in=records, payment_id__isnull=True).update(
            payment_id=payment_id)  # fmt: skip
        if marked != len(records):
            raise UserError("period", ErrorCode.CONFLICT, "另一发放任务正在进行，请稍后重试",
                            "another payroll run is under way; try again")  # fmt: skip


async def installments_made(entitlement_ids: list[int]) -> set[tuple[int, str]]:
    """(entitlement, month) of every installment paid or being paid: a payment the bank
    returned (FAILED) is not one, so the next run pays it again, to the account on file."""
    made = Payment.filter(entitlement_id__in=entitlement_ids).exclude(status=PaymentStatus.FAILED)
    return set(await made.values_list("entitlement_id", "period"))


def current_period() -> tuple[str, int]:
    index = month_of_day(china_today())
    return month_of(index), index


async def paying_jurisdictions() -> list[str]:
    """The jurisdictions whose policies have active entitlements."""
    policy_ids = await Entitlement.filter(status=EntitlementStatus.ACTIVE).distinct().values_list(
        "policy_id", flat=True)  # fmt: skip
    policies = FundPolicy.filter(id__in=list(policy_ids)).distinct()
    places = await policies.values_list("jurisdiction_id", flat=True)
    return sorted({str(p) for p in places})


def payment_line(kind: LedgerKind, payment: Payment, amount_fen: int) -> LedgerEntry:
    """A ledger line of a payment (paid out +, or reversed −), under its talent and policy."""
    return LedgerEntry(kind=kind, amount_fen=amount_fen, talent_id=payment.talent_id,
                       policy_id=payment.policy_id, entitlement_id=payment.entitlement_id,
                       payment_id=payment.id, jurisdiction_id=payment.jurisdiction_id,
                       employer_id=payment.employer_id)  # fmt: skip


async def approve_payment_batch(ctx: RequestContext, batch_id: str) -> PaymentBatch:
    """The office approves a batch for the bank; its payments go on the ledger."""
    batch = await find_visible(ctx, PaymentBatch, "payment_batch", batch_id, "batchId")
    if not ctx.perms.allows("payment_batch", "approve", [jur(batch.jurisdiction_id)]):
        raise forbidden("batchId", "您无权审批此发放批次", "not allowed to approve this batch")
    if batch.status != B.DRAFT:
        raise UserError("batchId", ErrorCode.INVALID_STATE, "该批次已审批", "the batch is approved already")
    if not await change_status(batch, BATCH_FLOW, B.APPROVED, approved_by=ctx.actor.username,
                               approved_at=clock.now()):  # fmt: skip
        raise changed_meanwhile("batchId", "the batch changed meanwhile; try again")
    payments = await Payment.filter(batch_id=batch.id)
    await LedgerEntry.bulk_create([
        payment_line(LedgerKind.PAYMENT, p, p.amount_fen) for p in payments
    ])  # fmt: skip
    await audit(ctx.actor, "approvePaymentBatch", "payment_batch", batch.id,
                after={"count": batch.count, "total_fen": batch.total_fen},
                jurisdiction_code=batch.jurisdiction_id)  # fmt: skip
    return batch


async def ledger_balance(ctx: RequestContext, talent_id: str | None, policy_id: str | None) -> int:
    """The sum of the ledger entries of a talent, a policy, or both, that the caller may see."""
    if talent_id is None and policy_id is None:
        raise validation("talentId", "请指定人才或资金政策", "name a talent or a policy")
    entries = visible(LedgerEntry, ctx.perms, "ledger_entry")
    if talent_id is not None:
        entries = entries.filter(talent_id=decode_int_id(talent_id, "Talent", "talentId"))
    if policy_id is not None:
        entries = entries.filter(policy_id=decode_int_id(policy_id, "FundPolicy", "policyId"))
    return await _total_fen(entries)
