"""Talent funds for tests: a doctor of 长安区 at a 石家庄 employer, an application's input,
the apply and review mutations, an entitled talent and payroll runs (tests/funds/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolvers.core.ids import encode_id
from resolvers.funds.payroll import month_of, month_of_day
from schema.clock import add_months, china_today
from schema.models import Employer, Entitlement, FundPolicy, LedgerEntry, Payment, Recovery, Talent
from schema.models.enums import FundPolicyStatus, TalentStatus
from tests.support.graphql import GraphQLClient

APPLICATION = """fundApplication { id number status startOn bankAccount
  steps { fromStatus toStatus decision opinion actor }
  entitlement { policyCode amountFen schedule startsOn endsOn status }
  policy { code } talent { name } }"""
APPLY = f"""mutation($input: ApplyForFundInput!) {{
  applyForFund(input: $input) {{ {APPLICATION} userErrors {{ field code message }} }} }}"""
REVIEW = f"""mutation($input: ReviewFundApplicationInput!) {{
  reviewFundApplication(input: $input) {{ {APPLICATION} userErrors {{ field code message }} }} }}"""
ACCOUNT = "6222020200112233445"


async def published_policy(code: str) -> str:
    return encode_id("FundPolicy", (await FundPolicy.get(code=code, status=FundPolicyStatus.PUBLISHED)).id)


async def doctor_in_changan(degree: str = "博士", skip: int = 0) -> Talent:
    """An active talent of 长安区 employed in 石家庄, made a doctor (or `degree`) here."""
    employers = await Employer.filter(jurisdiction_id__startswith="1301").values_list("id", flat=True)
    active = Talent.filter(jurisdiction_id="130102", status=TalentStatus.ACTIVE)
    found = active.filter(employer_id__in=list(employers))
    talent = await found.order_by("id").offset(skip).first()
    assert talent is not None
    talent.degree = degree
    await talent.save(update_fields=["degree"])
    return talent


def apply_input(talent: Talent, policy: str, **overrides: Any) -> dict[str, Any]:
    started = china_today() - dt.timedelta(days=40)
    return {
        "talentId": encode_id("Talent", talent.id), "policyId": policy, "bankName": "中国工商银行石家庄分行",
        "bankAccount": ACCOUNT, "startOn": started.isoformat(), "materials": ["博士学位证书", "劳动合同"],
        **overrides,
    }  # fmt: skip


async def apply_for(
    client: GraphQLClient, variables: dict[str, Any], user: str = "changan_window"
) -> dict[str, Any]:
    return (await client.data(APPLY, {"input": variables}, as_user=user))["applyForFund"]


async def review(client: GraphQLClient, application: str, user: str, decision: str = "APPROVE",
                  opinion: str | None = "材料齐全，符合条件") -> dict[str, Any]:  # fmt: skip
    variables = {"input": {"applicationId": application, "decision": decision, "opinion": opinion}}
    return (await client.data(REVIEW, variables, as_user=user))["reviewFundApplication"]


BATCH = "paymentBatch { id number period status totalFen count jurisdiction { code } }"
RUN = f"""mutation($input: RunPayrollInput!) {{
  runPayroll(input: $input) {{ {BATCH} userErrors {{ field code message }} }} }}"""
APPROVE = f"""mutation($input: ApprovePaymentBatchInput!) {{
  approvePaymentBatch(input: $input) {{ {BATCH} userErrors {{ field code }} }} }}"""
BALANCE = "query($t: ID, $p: ID) { ledgerBalance(talentId: $t, policyId: $p) }"
PAYMENTS = """query($t: ID) { payments(filter: {talentId: {eq: $t}}) {
  totalCount edges { node { period amountFen } } } }"""


def this_month() -> str:
    return month_of(month_of_day(china_today()))


def first_of(months_ago: int) -> dt.date:
    return add_months(china_today().replace(day=1), -months_ago)


async def entitled(client: GraphQLClient, months_ago: int = 0, skip: int = 0) -> tuple[str, str]:
    """A doctor of 长安区 granted 石家庄's rent subsidy from the first of a month
    `months_ago`: (their global ID, the policy's)."""
    talent = await doctor_in_changan(skip=skip)
    policy = await published_policy("sjz.rent.doctor")
    made = await apply_for(client, apply_input(talent, policy, startOn=first_of(months_ago).isoformat()))
    application = made["fundApplication"]["id"]
    await review(client, application, "changan_admin")
    assert (await review(client, application, "sjz_admin"))["fundApplication"]["status"] == "APPROVED"
    return encode_id("Talent", talent.id), policy


async def run(
    client: GraphQLClient, period: str, code: str = "130100", user: str = "sjz_admin"
) -> dict[str, Any]:
    variables = {"input": {"jurisdictionCode": code, "period": period}}
    return (await client.data(RUN, variables, as_user=user))["runPayroll"]


async def assert_ledger_balances() -> None:
    """The ledger's invariant: every entitlement is on it once (0), every approved payment
    once (+), every failed one reversed once (−), every repayment once (−), nothing else; so
    a talent's and a policy's balance is what was paid and not returned or recovered."""
    approved = await Payment.filter(batch__status__in=["APPROVED", "SETTLED"]).values_list(
        "id", "amount_fen", "status")  # fmt: skip
    entries = await LedgerEntry.all().values_list("kind", "payment_id", "recovery_id", "amount_fen")
    paid = sorted((i, a) for i, a, _ in approved)
    assert sorted((p, a) for k, p, _, a in entries if k == "PAYMENT") == paid
    failed = sorted((i, -a) for i, a, status in approved if status == "FAILED")
    assert sorted((p, a) for k, p, _, a in entries if k == "REVERSAL") == failed
    repaid = dict(await Recovery.all().values_list("id", "repaid_fen"))
    recovered: dict[int, int] = {}
    for kind, _, recovery, amount in entries:
        if kind == "RECOVERY":
            recovered[recovery] = recovered.get(recovery, 0) - amount
    assert recovered == {r: fen for r, fen in repaid.items() if fen}
    granted = sorted(await Entitlement.all().values_list("id", flat=True))
    assert sorted(e for k, e, a in await LedgerEntry.all().values_list("kind", "entitlement_id", "amount_fen")
                  if k == "ENTITLEMENT" and a == 0) == granted  # every grant, once, moving nothing
    assert {k for k, *_ in entries} <= {"ENTITLEMENT", "PAYMENT", "REVERSAL", "RECOVERY"}
