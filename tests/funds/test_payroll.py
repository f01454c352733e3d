"""Payroll (发放): a run per paying jurisdiction and month makes a batch of what is due,
arrears included; repeating it pays nothing twice; a stopped entitlement is never paid;
a run past a policy's budget writes nothing; approval puts the payments on the ledger,
whose sums are every balance."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.funds import run_monthly_payroll
from resolvers.funds.payroll import installments, month_index, month_of, month_of_day
from schema.clock import add_months, china_today
from schema.models import AuditEvent, Entitlement, FundPolicy, Payment, PaymentBatch
from schema.models.enums import EntitlementStatus, FundSchedule
from tests.support.funds import (
    APPROVE,
    BALANCE,
    PAYMENTS,
    assert_ledger_balances,
    entitled,
    first_of,
    run,
    this_month,
)
from tests.support.graphql import GraphQLClient


async def test_two_monthly_runs_and_a_repeat_pay_two_installments_and_the_ledger_balances(
    client: GraphQLClient,
) -> None:
    talent, policy = await entitled(client, months_ago=1)
    last_month = month_of(month_of_day(china_today()) - 1)
    first = (await run(client, last_month))["paymentBatch"]
    assert (first["period"], first["count"], first["totalFen"], first["status"]) == (
        last_month,
        1,
        300_000,
        "DRAFT",
    )
    second = (await run(client, this_month()))["paymentBatch"]
    repeated = (await run(client, this_month()))["paymentBatch"]
    assert second["count"] == 1 and repeated["id"] == second["id"]  # the repeat pays nothing more
    paid = (await client.data(PAYMENTS, {"t": talent}, as_user="sjz_admin"))["payments"]
    assert sorted((e["node"]["period"], e["node"]["amountFen"]) for e in paid["edges"]) == [
        (last_month, 300_000), (this_month(), 300_000),
    ]  # fmt: skip
    assert (await client.data(BALANCE, {"t": talent}, as_user="sjz_admin"))[
        "ledgerBalance"
    ] == 0  # not approved
    for batch in (first, second):
        approved = await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
        assert approved["approvePaymentBatch"]["paymentBatch"]["status"] == "APPROVED"
    again = await client.data(APPROVE, {"input": {"batchId": first["id"]}}, as_user="sjz_admin")
    assert [e["code"] for e in again["approvePaymentBatch"]["userErrors"]] == ["INVALID_STATE"]
    assert (await client.data(BALANCE, {"t": talent}, as_user="sjz_admin"))["ledgerBalance"] == 600_000
    assert (await client.data(BALANCE, {"p": policy}, as_user="sjz_admin"))["ledgerBalance"] == 600_000
    await assert_ledger_balances()
    assert await AuditEvent.filter(target_type="payment_batch", operation="approvePaymentBatch").count() == 2


async def test_the_first_run_after_approval_pays_the_arrears(client: GraphQLClient) -> None:
    await entitled(client, months_ago=2)
    batch = (await run(client, this_month()))["paymentBatch"]
    assert (batch["count"], batch["totalFen"]) == (3, 900_000)


async def test_a_stopped_entitlement_is_never_paid_again(client: GraphQLClient) -> None:
    await entitled(client, months_ago=1)
    last_month = month_of(month_of_day(china_today()) - 1)
    assert (await run(client, last_month))["paymentBatch"]["count"] == 1
    await Entitlement.all().update(
        status=EntitlementStatus.STOPPED, stopped_on=china_today(), stop_reason="LEFT"
    )
    nothing = await run(client, this_month())
    assert nothing["paymentBatch"] is None
    assert [(e["field"], e["code"]) for e in nothing["userErrors"]] == [("period", "INVALID_STATE")]
    assert await Payment.all().count() == 1


async def test_a_run_past_the_years_budget_stops_and_writes_nothing(client: GraphQLClient) -> None:
    await entitled(client, months_ago=2)
    await FundPolicy.filter(code="sjz.rent.doctor").update(budget_fen=500_000)
    refused = await run(client, this_month())
    assert refused["paymentBatch"] is None
    [error] = refused["userErrors"]
    assert error["code"] == "LIMIT_EXCEEDED" and "博士研究生租房补贴" in error["message"]
    assert not await PaymentBatch.exists() and not await Payment.exists()


BAD = [("2026-13", "VALIDATION"), ("2026-1", "VALIDATION"), ("next", "VALIDATION")]


@pytest.mark.parametrize(("period", "code"), BAD)
async def test_a_malformed_month_is_refused(client: GraphQLClient, period: str, code: str) -> None:
    refused = await run(client, period)
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("period", code)]


async def test_a_month_still_to_come_is_refused_and_a_county_pays_only_its_own(client: GraphQLClient) -> None:
    await entitled(client)
    future = await run(client, month_of(month_of_day(china_today()) + 1))
    assert [(e["field"], e["code"]) for e in future["userErrors"]] == [("period", "VALIDATION")]
    county = await run(client, this_month(), user="changan_admin")
    assert [(e["field"], e["code"]) for e in county["userErrors"]] == [("jurisdictionCode", "FORBIDDEN")]
    own = await run(client, this_month(), code="130102", user="changan_admin")
    assert [e["code"] for e in own["userErrors"]] == ["INVALID_STATE"]  # 长安区's own policy owes nobody yet
    assert not await Payment.exists()


class _Granted:
    """An entitlement as `installments` reads it."""

    def __init__(self, schedule: FundSchedule, starts: dt.date, months: int) -> None:
        self.schedule, self.starts_on, self.ends_on = schedule, starts, add_months(starts, months)


@pytest.mark.parametrize(("schedule", "months", "upto", "expected"), [
    (FundSchedule.MONTHLY, 60, "2026-03", ["2026-01", "2026-02", "2026-03"]),
    (FundSchedule.MONTHLY, 2, "2026-12", ["2026-01", "2026-02"]),  # the period ends
    (FundSchedule.YEARLY, 36, "2030-01", ["2026-01", "2027-01", "2028-01"]),
    (FundSchedule.ONCE, 60, "2026-06", ["2026-01"]),
    (FundSchedule.ONCE, 60, "2025-12", []),  # not before the start
])  # fmt: skip
def test_installments_fall_in_the_months_the_schedule_names(
    schedule: FundSchedule, months: int, upto: str, expected: list[str]
) -> None:
    granted = _Granted(schedule, dt.date(2026, 1, 15), months)
    assert list(installments(granted, month_index(upto))) == expected  # type: ignore[arg-type]


async def test_the_monthly_cron_makes_each_batch_once(client: GraphQLClient) -> None:
    await entitled(client, months_ago=1)
    assert await run_monthly_payroll({}) == {"made": 1, "refused": 0}
    assert await run_monthly_payroll({}) == {"made": 0, "refused": 0}  # a retry, a second worker
    batch = await PaymentBatch.get()
    made = (batch.jurisdiction_id, batch.period, batch.count, batch.created_by)
    assert made == ("130100", this_month(), 2, "system")
    await FundPolicy.filter(code="sjz.rent.doctor").update(budget_fen=300_000)
    await Entitlement.all().update(starts_on=first_of(3))  # two more months owed, over the budget
    assert await run_monthly_payroll({}) == {"made": 0, "refused": 1}
    assert await Payment.all().count() == 2 and await PaymentBatch.all().count() == 1
