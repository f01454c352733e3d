"""The per-day allowance (服务基层津补贴): a PER_DAY policy pays its amount for each confirmed
day of grassroots service, in the payroll run of a month — once: a repeated run pays
nothing, days confirmed later are paid in the next month's run, and the policy's budget
still stops a run that would exceed it, writing nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from resolvers.core.ids import encode_id
from resolvers.funds.payroll import month_of, month_of_day
from schema.clock import china_today
from schema.models import GrassrootsService, Payment, PaymentBatch
from tests.support.funds import apply_for, apply_input, review
from tests.support.graphql import GraphQLClient
from tests.support.grassroots import confirm, demo_talent, designate, list_expert, on, served

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

PER_DAY_FEN = 20_000  # 200.00 元 a day
CREATE = """mutation($input: CreateFundPolicyInput!) {
  createFundPolicy(input: $input) { fundPolicy { id } userErrors { field code } } }"""
PUBLISH = """mutation($input: PublishFundPolicyInput!) {
  publishFundPolicy(input: $input) { fundPolicy { id status } userErrors { field code } } }"""
PAID = """query($t: ID) { grassrootsServices(filter: {talentId: {eq: $t}}, orderBy: [{field: STARTS_ON}]) {
  edges { node { days status paid } } } }"""


RUN = """mutation($input: RunPayrollInput!) { runPayroll(input: $input) {
  paymentBatch { id period count totalFen } userErrors { field code } } }"""


def this_month() -> str:
    return month_of(month_of_day(china_today()))


def last_month() -> str:
    return month_of(month_of_day(china_today()) - 1)


async def run(client: GraphQLClient, period: str) -> dict[str, Any]:
    """石家庄's payroll for `period`, run by its office."""
    variables = {"input": {"jurisdictionCode": "130100", "period": period}}
    return (await client.data(RUN, variables, as_user="sjz_admin"))["runPayroll"]


async def _allowance(client: GraphQLClient, **overrides: Any) -> str:
    """石家庄's per-day allowance for experts serving the grassroots, published: its ID."""
    policy = {
        "code": "sjz.grassroots.day", "name": "专家服务基层津贴", "jurisdictionCode": "130100",
        "amountFen": PER_DAY_FEN, "schedule": "PER_DAY", "months": 60, "startEvent": "WORK_START",
        "clawback": "NONE", "triggers": [], "eligibility": [], **overrides,
    }  # fmt: skip
    made = (await client.data(CREATE, {"input": policy}, as_user="sjz_admin"))["createFundPolicy"]
    assert not made["userErrors"], made
    policy_id = made["fundPolicy"]["id"]
    published = await client.data(PUBLISH, {"input": {"id": policy_id}}, as_user="sjz_admin")
    assert published["publishFundPolicy"]["fundPolicy"]["status"] == "PUBLISHED"
    return str(policy_id)


async def _entitled_expert(client: GraphQLClient, **policy: Any) -> str:
    """talent_demo, listed for last year with 正定县 designated, granted the allowance from
    the first day of last year: their global ID."""
    talent = await demo_talent()
    await designate(client)
    await list_expert(client, talent)
    policy_id = await _allowance(client, **policy)
    made = await apply_for(client, apply_input(talent, policy_id, startOn=on(1, 1)))
    assert not made["userErrors"], made
    application = made["fundApplication"]["id"]
    await review(client, application, "changan_admin")
    assert (await review(client, application, "sjz_admin"))["fundApplication"]["status"] == "APPROVED"
    return encode_id("Talent", talent.id)


async def test_confirmed_days_are_paid_once_and_later_ones_in_the_next_run(client: GraphQLClient) -> None:
    talent_id = await _entitled_expert(client)
    talent = await demo_talent()
    await served(client, talent, 3, 9)
    await served(client, talent, 4, 7)
    later = await served(client, talent, 5, 5, confirmed=False)  # awaiting confirmation

    first = (await run(client, last_month()))["paymentBatch"]
    assert (first["count"], first["totalFen"]) == (1, 16 * PER_DAY_FEN)
    paid = (await client.data(PAID, {"t": talent_id}, as_user="talent_demo"))["grassrootsServices"]["edges"]
    assert [(e["node"]["days"], e["node"]["paid"]) for e in paid] == [(9, True), (7, True), (5, False)]
    payment = await Payment.get()
    assert set(await GrassrootsService.filter(payment_id=payment.id).values_list("days", flat=True)) == {9, 7}

    assert (await run(client, last_month()))["paymentBatch"]["id"] == first["id"]  # a repeat pays nothing
    await confirm(client, later)
    assert (await run(client, last_month()))["paymentBatch"]["id"] == first["id"]  # that month is paid
    second = (await run(client, this_month()))["paymentBatch"]
    assert (second["period"], second["count"], second["totalFen"]) == (this_month(), 1, 5 * PER_DAY_FEN)
    assert (await run(client, this_month()))["paymentBatch"]["id"] == second["id"]
    amounts = sorted(await Payment.all().values_list("amount_fen", flat=True))
    assert amounts == [5 * PER_DAY_FEN, 16 * PER_DAY_FEN]
    assert not await GrassrootsService.filter(payment_id=None).exists()


async def test_a_run_past_the_budget_pays_no_day_and_writes_nothing(client: GraphQLClient) -> None:
    await _entitled_expert(client, budgetFen=10 * PER_DAY_FEN)
    await served(client, await demo_talent(), 3, 16)
    refused = await run(client, this_month())
    assert [e["code"] for e in refused["userErrors"]] == ["LIMIT_EXCEEDED"]
    assert not await PaymentBatch.exists() and not await Payment.exists()
    assert await GrassrootsService.filter(payment_id=None).count() == 1


async def test_unconfirmed_days_pay_nothing(client: GraphQLClient) -> None:
    await _entitled_expert(client)
    await served(client, await demo_talent(), 3, 4, confirmed=False)
    nothing = await run(client, this_month())
    assert [e["code"] for e in nothing["userErrors"]] == ["INVALID_STATE"]
    assert not await Payment.exists()


@pytest.mark.postgres_only
async def test_two_runs_at_once_pay_each_day_once(client: GraphQLClient) -> None:
    await _entitled_expert(client)
    await served(client, await demo_talent(), 3, 9)
    both = await asyncio.gather(run(client, last_month()), run(client, this_month()))
    made = [r["paymentBatch"] for r in both if r["paymentBatch"]]
    assert [m["totalFen"] for m in made] == [9 * PER_DAY_FEN]
    assert [e["code"] for r in both for e in r["userErrors"]] == ["CONFLICT"]
    assert await Payment.all().count() == 1
    paid = await Payment.get()
    assert await GrassrootsService.filter(payment_id=paid.id).count() == 1
