"""The funds at a glance for supervision (资金监管): per policy code and calendar year, its
budget, what its entitlements have been paid and will still be due this year, what was
recovered, and the same month by month — from the records the caller may see: a county
office follows its own policies and, for its own people's share, its city's and province's
(`share`); a talent nothing but their own.

- paid: installments of the year (by their month) in approved or settled batches, not
  returned by the bank;
- due: installments of the year that active entitlements have still to be paid;
- committed: paid + due, against the budget;
- recovered: repayments received in the year (by their day).
Each figure is one grouped query; the drill-down is the `payments` / `recoveries` lists
filtered by the policy and month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tortoise.expressions import Q
from tortoise.functions import Sum

from permissions.scopes import ancestors
from permissions.visibility import visible, within
from resolvers.core.context import RequestContext
from resolvers.core.errors import validation
from resolvers.core.validation import check_jurisdiction_code
from resolvers.funds.payroll import installments, installments_made, month_index
from resolvers.funds.policies import policy_code as checked_code
from schema.models import Entitlement, FundPolicy, Payment, Recovery, Repayment
from schema.models.enums import EntitlementStatus, PaymentBatchStatus, PaymentStatus

ON_LEDGER = [PaymentBatchStatus.APPROVED, PaymentBatchStatus.SETTLED]


@dataclass
class MonthFigures:
    period: str
    paid_fen: int = 0
    recovered_fen: int = 0


@dataclass
class FundFigures:
    code: str
    policy: FundPolicy  # the version in force, or the latest
    year: int
    budget_fen: int | None
    share: bool  # a policy paid above the caller's office: the figures are its area's share
    paid_fen: int = 0
    due_fen: int = 0
    recovered_fen: int = 0
    active_entitlements: int = 0
    months: dict[str, MonthFigures] = field(default_factory=dict)

    @property
    def committed_fen(self) -> int:
        return self.paid_fen + self.due_fen

    def month(self, period: str) -> MonthFigures:
        return self.months.setdefault(period, MonthFigures(period))


def _latest(versions: list[FundPolicy]) -> FundPolicy:
    published = [p for p in versions if p.status == "PUBLISHED"]
    return max(published or versions, key=lambda p: p.version)


async def fund_overview(
    ctx: RequestContext, year: int, jurisdiction_code: str | None, policy_code: str | None
) -> list[FundFigures]:
    if not 2000 <= year <= 2100:
        raise validation("year", "年份应在 2000–2100 之间", "a year between 2000 and 2100")
    own = set(await visible(FundPolicy, ctx.perms, "fund_policy").values_list("id", flat=True))
    # A county office follows its city's and province's policies too, for its own people.
    above = {place for scope in ctx.perms.scopes_for("payment", "read") if scope.startswith("jur:")
             for place in ancestors(scope[4:])}  # fmt: skip
    policies = FundPolicy.filter(Q(id__in=list(own)) | Q(jurisdiction_id__in=sorted(above)))
    if jurisdiction_code:
        policies = policies.filter(within("jurisdiction_id", check_jurisdiction_code(jurisdiction_code)))
    if policy_code:
        policies = policies.filter(code=checked_code(policy_code, "policyCode"))
    versions: dict[str, list[FundPolicy]] = defaultdict(list)
    for policy in await policies.order_by("code", "version"):
        versions[policy.code].append(policy)
    code_of = {p.id: code for code, vs in versions.items() for p in vs}
    figures = {code: FundFigures(code, latest, year, latest.budget_fen, share=latest.id not in own)
               for code, vs in versions.items() for latest in [_latest(vs)]}  # fmt: skip
    if not figures:
        return []
    ids = list(code_of)
    paid = (visible(Payment, ctx.perms, "payment")
            .filter(policy_id__in=ids, period__startswith=f"{year:04d}-", batch__status__in=ON_LEDGER)
            .exclude(status=PaymentStatus.FAILED))  # fmt: skip
    for row in await paid.annotate(total=Sum("amount_fen")).group_by("policy_id", "period").values(
        "policy_id", "period", "total"
    ):
        fund = figures[code_of[row["policy_id"]]]
        fund.paid_fen += int(row["total"] or 0)
        fund.month(row["period"]).paid_fen += int(row["total"] or 0)
    await _due(ctx, figures, code_of, year)
    await _recovered(ctx, figures, code_of, year)
    for fund in figures.values():
        fund.months = dict(sorted(fund.months.items()))
    return sorted(figures.values(), key=lambda f: f.code)


async def _due(
    ctx: RequestContext, figures: dict[str, FundFigures], code_of: dict[int, str], year: int
) -> None:
    active = visible(Entitlement, ctx.perms, "entitlement").filter(
        policy_id__in=list(code_of), status=EntitlementStatus.ACTIVE)  # fmt: skip
    entitlements = await active
    made = await installments_made([e.id for e in entitlements])
    last = month_index(f"{year:04d}-12")
    for e in entitlements:
        fund = figures[code_of[e.policy_id]]
        fund.active_entitlements += 1
        for period in installments(e, last):
            if period.startswith(f"{year:04d}-") and (e.id, period) not in made:
                fund.due_fen += e.amount_fen


async def _recovered(
    ctx: RequestContext, figures: dict[str, FundFigures], code_of: dict[int, str], year: int
) -> None:
    recoveries = visible(Recovery, ctx.perms, "recovery").filter(policy_id__in=list(code_of))
    policy_of = dict(await recoveries.values_list("id", "policy_id"))
    if not policy_of:
        return
    repaid = Repayment.filter(recovery_id__in=list(policy_of), paid_on__gte=dt.date(year, 1, 1),
                              paid_on__lt=dt.date(year + 1, 1, 1))  # fmt: skip
    for recovery_id, amount, day in await repaid.values_list("recovery_id", "amount_fen", "paid_on"):
        fund = figures[code_of[policy_of[recovery_id]]]
        fund.recovered_fen += amount
        fund.month(f"{day.year:04d}-{day.month:02d}").recovered_fen += amount
