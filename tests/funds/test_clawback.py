"""Clawback (追回): a trigger — leaving, a revoked card, falsification — stops the
entitlements it concerns at once (no later payment, nothing left in a draft batch for the
months after) and opens a recovery for what the policy's rule gives back; repayments settle
it, a write-off closes it with a reason; the ledger balances after every step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolvers.core.ids import decode_int_id, encode_id
from resolvers.funds.clawback import unserved_fen
from resolvers.funds.payroll import month_of, month_of_day
from schema.clock import add_months, china_today
from schema.models import (
    AuditEvent,
    Entitlement,
    FundApplication,
    FundPolicy,
    LedgerEntry,
    Notification,
    Payment,
    PaymentBatch,
    Recovery,
    Talent,
    User,
)
from schema.models.enums import EntitlementStatus, FundPolicyStatus, FundSchedule
from tests.support.funds import (
    APPROVE,
    BALANCE,
    apply_for,
    apply_input,
    assert_ledger_balances,
    doctor_in_changan,
    entitled,
    first_of,
    published_policy,
    review,
    run,
    this_month,
)
from tests.support.graphql import GraphQLClient

LEFT = """mutation($id: ID!, $on: Date) {
  markTalentLeft(input: {id: $id, leftOn: $on, reason: "调往外省工作"}) {
    talent { status } userErrors { code } } }"""
FIELDS = """id number status trigger paidFen amountFen repaidFen outstandingFen writeOffReason
  entitlement { status stopReason } repayments { amountFen reference }"""
RECOVERY = f"recovery {{ {FIELDS} }}"
RECOVERIES = f"""query($t: ID) {{ recoveries(filter: {{talentId: {{eq: $t}}}}) {{ totalCount
  nodes {{ {FIELDS} }} }} }}"""
ENTITLEMENT_RECOVERIES = """query($t: ID) { entitlements(filter: {talentId: {eq: $t}}) {
  edges { node { recoveries { number } } } } }"""
FALSIFIED = """mutation($input: RecordFalsificationInput!) { recordFalsification(input: $input) {
  entitlement { id status stopReason } userErrors { field code message } } }"""
REPAY = f"""mutation($input: RecordRepaymentInput!) {{ recordRepayment(input: $input) {{
  {RECOVERY} userErrors {{ field code message }} }} }}"""
WRITE_OFF = f"""mutation($input: WriteOffRecoveryInput!) {{ writeOffRecovery(input: $input) {{
  {RECOVERY} userErrors {{ field code message }} }} }}"""


async def paid_twice(client: GraphQLClient) -> str:
    """A doctor paid last month's and this month's rent subsidy (approved): their ID."""
    talent, _ = await entitled(client, months_ago=1)
    last_month = month_of(month_of_day(china_today()) - 1)
    for period in (last_month, this_month()):
        batch = (await run(client, period))["paymentBatch"]
        await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
    return talent


async def recoveries(client: GraphQLClient, talent: str, user: str = "sjz_admin") -> list[dict[str, Any]]:
    return (await client.data(RECOVERIES, {"t": talent}, as_user=user))["recoveries"]["nodes"]


async def leave(client: GraphQLClient, talent: str, on: dt.date | None = None) -> None:
    variables = {"id": talent, "on": on.isoformat() if on else None}
    left = await client.data(LEFT, variables, as_user="changan_admin")
    assert left["markTalentLeft"] == {"talent": {"status": "LEFT"}, "userErrors": []}


async def test_leaving_stops_the_payments_and_opens_a_recovery_of_all_that_was_paid(
    client: GraphQLClient,
) -> None:
    talent = await paid_twice(client)
    await leave(client, talent)
    [recovery] = await recoveries(client, talent)
    assert (recovery["status"], recovery["trigger"], recovery["paidFen"], recovery["amountFen"]) == (
        "OPEN", "LEFT", 600_000, 600_000)  # fmt: skip
    assert recovery["entitlement"] == {"status": "STOPPED", "stopReason": "LEFT"}
    by_entitlement = await client.data(ENTITLEMENT_RECOVERIES, {"t": talent}, as_user="sjz_admin")
    edges = by_entitlement["entitlements"]["edges"]
    assert [[r["number"] for r in e["node"]["recoveries"]] for e in edges] == [[recovery["number"]]]
    nothing = await run(client, this_month())
    assert nothing["paymentBatch"]["count"] == 1 and await Payment.all().count() == 2  # no third payment
    talent_row = await Talent.get(id=decode_int_id(talent, "Talent", "id"))
    told = await Notification.filter(related_type="Recovery").values_list("recipient_id", flat=True)
    offices = await User.filter(username__in=["changan_admin", "sjz_admin"]).values_list("id", flat=True)
    assert set(offices) <= set(told) and talent_row.status == "LEFT"
    assert await AuditEvent.filter(operation="stopEntitlement").count() == 1
    assert (await client.data(BALANCE, {"t": talent}, as_user="sjz_admin"))["ledgerBalance"] == 600_000
    await assert_ledger_balances()


async def test_installments_after_the_stop_leave_the_draft_batch_and_are_never_paid(
    client: GraphQLClient,
) -> None:
    talent, _ = await entitled(client, months_ago=2)
    draft = (await run(client, this_month()))["paymentBatch"]
    assert draft["count"] == 3
    await leave(client, talent, first_of(1))  # left on the first of last month: this month is not owed
    batch = await PaymentBatch.get(number=draft["number"])
    assert (batch.count, batch.total_fen) == (2, 600_000)
    assert sorted(await Payment.all().values_list("period", flat=True)) == [
        month_of(month_of_day(china_today()) - n) for n in (2, 1)]  # fmt: skip
    [recovery] = await recoveries(client, talent)
    assert recovery["amountFen"] == 600_000  # being paid: recovered in full
    await client.data(APPROVE, {"input": {"batchId": draft["id"]}}, as_user="sjz_admin")
    await assert_ledger_balances()


async def test_a_policy_without_clawback_only_stops_and_one_not_naming_the_trigger_goes_on(
    client: GraphQLClient,
) -> None:
    talent = await doctor_in_changan()
    housing = await published_policy("changan.housing")
    made = await apply_for(client, apply_input(talent, housing, socialInsuranceMonths=12))
    assert made["userErrors"] == [], made
    await review(client, made["fundApplication"]["id"], "changan_admin")
    await FundPolicy.filter(code="sjz.rent.doctor").update(triggers=["FALSIFIED"])
    await entitled(client, months_ago=0)  # the same doctor: the first of 长安区's doctors
    await leave(client, encode_id("Talent", talent.id))
    states = dict(await Entitlement.filter(talent_id=talent.id).values_list("policy_code", "status"))
    assert states == {"changan.housing": "STOPPED", "sjz.rent.doctor": "ACTIVE"}
    assert not await Recovery.exists()


async def test_leaving_after_the_period_ends_the_entitlement_and_owes_nothing(client: GraphQLClient) -> None:
    talent, _ = await entitled(client, months_ago=1)
    await Entitlement.all().update(ends_on=first_of(0))
    await leave(client, talent)
    assert await Entitlement.all().values_list("status", flat=True) == [EntitlementStatus.ENDED]
    assert not await Recovery.exists()


async def test_falsification_recovers_what_the_office_names_never_more_than_was_paid(
    client: GraphQLClient,
) -> None:
    talent = await paid_twice(client)
    entitlement = encode_id("Entitlement", (await Entitlement.get()).id)
    before = (await Recovery.all().count(), await LedgerEntry.all().count())
    for extra, expected in [
        ({"amountFen": 600_001}, [("amountFen", "VALIDATION")]),
        ({"amountFen": 0}, [("amountFen", "VALIDATION")]),
        ({"amountFen": -1}, [("amountFen", "VALIDATION")]),
        ({"reason": "  "}, [("reason", "VALIDATION")]),
    ]:
        variables = {"input": {"entitlementId": entitlement, "reason": "伪造劳动合同", **extra}}
        refused = (await client.data(FALSIFIED, variables, as_user="changan_admin"))["recordFalsification"]
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == expected
    for user, code in (("zhengding_admin", "NOT_FOUND"), ("changan_window", "FORBIDDEN")):
        variables = {"input": {"entitlementId": entitlement, "reason": "伪造劳动合同"}}
        refused = (await client.data(FALSIFIED, variables, as_user=user))["recordFalsification"]
        assert [e["code"] for e in refused["userErrors"]] == [code]
    assert (await Recovery.all().count(), await LedgerEntry.all().count()) == before
    assert await Entitlement.all().values_list("status", flat=True) == [EntitlementStatus.ACTIVE]
    variables = {"input": {"entitlementId": entitlement, "reason": "违规转租", "amountFen": 450_000}}
    done = (await client.data(FALSIFIED, variables, as_user="changan_admin"))["recordFalsification"]
    assert done["entitlement"]["status"] == "STOPPED" and done["entitlement"]["stopReason"] == "FALSIFIED"
    [recovery] = await recoveries(client, talent)
    shown = (recovery["amountFen"], recovery["paidFen"], recovery["trigger"])
    assert shown == (450_000, 600_000, "FALSIFIED")
    again = (await client.data(FALSIFIED, variables, as_user="changan_admin"))["recordFalsification"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]


async def test_repayments_settle_a_recovery_and_a_write_off_closes_one_with_a_reason(
    client: GraphQLClient,
) -> None:
    talent = await paid_twice(client)
    await leave(client, talent)
    [recovery] = await recoveries(client, talent)
    rid = recovery["id"]
    future = (china_today() + dt.timedelta(days=1)).isoformat()
    for extra, field in [({"amountFen": 600_001}, "amountFen"), ({"amountFen": 0}, "amountFen"),
                         ({"amountFen": 100, "paidOn": future}, "paidOn")]:  # fmt: skip
        refused = await client.data(REPAY, {"input": {"recoveryId": rid, **extra}}, as_user="changan_admin")
        errors = refused["recordRepayment"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, "VALIDATION")]
    small = {"input": {"recoveryId": rid, "amountFen": 100}}
    hidden = await client.data(REPAY, small, as_user="zhengding_admin")
    assert [e["code"] for e in hidden["recordRepayment"]["userErrors"]] == ["NOT_FOUND"]
    assert await LedgerEntry.filter(kind="RECOVERY").count() == 0
    first = {"input": {"recoveryId": rid, "amountFen": 200_000, "reference": "HK001"}}
    part = await client.data(REPAY, first, as_user="changan_admin")
    shown = part["recordRepayment"]["recovery"]
    assert (shown["status"], shown["repaidFen"], shown["outstandingFen"]) == ("OPEN", 200_000, 400_000)
    assert (await client.data(BALANCE, {"t": talent}, as_user="sjz_admin"))["ledgerBalance"] == 400_000
    await assert_ledger_balances()
    blank = await client.data(WRITE_OFF, {"input": {"recoveryId": rid, "reason": ""}}, as_user="sjz_admin")
    assert [e["code"] for e in blank["writeOffRecovery"]["userErrors"]] == ["VALIDATION"]
    off = await client.data(WRITE_OFF, {"input": {"recoveryId": rid, "reason": "当事人已出国，无法追回"}},
                            as_user="sjz_admin")  # fmt: skip
    closed = off["writeOffRecovery"]["recovery"]
    assert (closed["status"], closed["outstandingFen"], closed["writeOffReason"]) == (
        "WRITTEN_OFF", 0, "当事人已出国，无法追回")  # fmt: skip
    late = await client.data(REPAY, small, as_user="changan_admin")
    assert [e["code"] for e in late["recordRepayment"]["userErrors"]] == ["INVALID_STATE"]
    assert await AuditEvent.filter(operation__in=["recordRepayment", "writeOffRecovery"]).count() == 2


async def test_repaying_everything_settles_the_recovery(client: GraphQLClient) -> None:
    talent = await paid_twice(client)
    await leave(client, talent)
    [recovery] = await recoveries(client, talent)
    for amount in (100_000, 500_000):
        done = await client.data(REPAY, {"input": {"recoveryId": recovery["id"], "amountFen": amount}},
                                 as_user="changan_admin")  # fmt: skip
    settled = done["recordRepayment"]["recovery"]
    assert (settled["status"], settled["repaidFen"], settled["outstandingFen"]) == ("SETTLED", 600_000, 0)
    assert [r["amountFen"] for r in settled["repayments"]] == [100_000, 500_000]
    assert (await client.data(BALANCE, {"t": talent}, as_user="sjz_admin"))["ledgerBalance"] == 0
    await assert_ledger_balances()


async def test_a_revoked_card_stops_the_funds_whose_policy_names_it(client: GraphQLClient) -> None:
    from tests.cards.test_revocation import PROPOSE, _demo_card, _review

    card = await _demo_card()
    holder = await Talent.get(id=card.holder_id)
    started = add_months(first_of(0), -12)
    for code in ("sjz.support.high", "sjz.rent.doctor"):  # names CARD_REVOKED; does not
        policy = await FundPolicy.get(code=code, status=FundPolicyStatus.PUBLISHED)
        where = {"talent_id": holder.id, "jurisdiction_id": holder.jurisdiction_id,
                 "employer_id": holder.employer_id, "policy_id": policy.id}  # fmt: skip
        application = await FundApplication.create(
            number=f"FA-{code}", status="APPROVED", submitted_by="changan_window", **where)  # fmt: skip
        granted = await Entitlement.create(
            application_id=application.id, policy_code=code, amount_fen=policy.amount_fen,
            schedule=policy.schedule, starts_on=started, ends_on=add_months(started, policy.months), **where,
        )  # fmt: skip
        await LedgerEntry.create(kind="ENTITLEMENT", amount_fen=0, entitlement_id=granted.id, **where)
    batch = (await run(client, this_month()))["paymentBatch"]
    await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
    proposed = await client.data(PROPOSE, {"id": encode_id("Card", card.id), "reason": "提供虚假材料"},
                                 as_user="sjz_admin")  # fmt: skip
    rid = proposed["proposeCardRevocation"]["revocation"]["id"]
    for user in ("changan_window", "sjz_hr_handler", "changan_admin"):
        await _review(client, rid, user)
    states = dict(await Entitlement.filter(talent_id=holder.id).values_list("policy_code", "status"))
    assert states == {"sjz.support.high": "STOPPED", "sjz.rent.doctor": "ACTIVE"}
    [recovery] = await Recovery.all()
    assert (recovery.trigger, recovery.amount_fen) == ("CARD_REVOKED", 2 * 20_000_000)  # two years paid
    mine = await recoveries(client, encode_id("Talent", holder.id), user="talent_demo")  # their own
    assert [(r["number"], r["amountFen"]) for r in mine] == [(recovery.number, 40_000_000)]
    assert await recoveries(client, encode_id("Talent", holder.id), user="zhengding_admin") == []
    await assert_ledger_balances()


@pytest.mark.parametrize(
    ("schedule", "starts", "period", "stopped", "amount", "owed"),
    [
        (FundSchedule.ONCE, dt.date(2024, 1, 1), "2024-01", dt.date(2026, 1, 1), 30_000_000, 17_996_716),
        (FundSchedule.MONTHLY, dt.date(2026, 1, 1), "2026-03", dt.date(2026, 3, 11), 300_000, 203_226),
        (FundSchedule.MONTHLY, dt.date(2026, 1, 1), "2026-02", dt.date(2026, 3, 11), 300_000, 0),
        (FundSchedule.MONTHLY, dt.date(2026, 1, 15), "2026-01", dt.date(2026, 1, 15), 300_000, 300_000),
        (FundSchedule.YEARLY, dt.date(2025, 7, 1), "2026-07", dt.date(2027, 1, 1), 20_000_000, 9_917_808),
        (FundSchedule.YEARLY, dt.date(2025, 7, 1), "2025-07", dt.date(2027, 1, 1), 20_000_000, 0),
        (FundSchedule.PER_DAY, dt.date(2026, 1, 1), "2026-05", dt.date(2026, 3, 1), 50_000, 0),
    ],
)  # fmt: skip
def test_pro_rata_recovers_each_installments_share_after_the_stop(
    schedule: FundSchedule, starts: dt.date, period: str, stopped: dt.date, amount: int, owed: int
) -> None:
    months = 60 if schedule != FundSchedule.YEARLY else 36
    entitlement = Entitlement(schedule=schedule, starts_on=starts, ends_on=add_months(starts, months))
    assert unserved_fen(entitlement, period, amount, stopped) == owed
