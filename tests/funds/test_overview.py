"""What a talent may apply for where they live (fundPoliciesFor), and the funds at a glance
for supervision (fundOverview): budget, paid, due, committed and recovered per policy and
year, by month, from the records the caller may see, in statements that do not grow with
the number of talents."""

from __future__ import annotations

from typing import Any

from resolvers.core.ids import encode_id
from schema.clock import china_today
from tests.support.funds import (
    APPROVE,
    apply_for,
    apply_input,
    doctor_in_changan,
    entitled,
    published_policy,
    run,
    this_month,
)
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

FOR = """query($t: ID!) { fundPoliciesFor(talentId: $t) {
  policy { code } unmet toDeclare held eligible } }"""
OVERVIEW = """query($y: Int!, $j: String, $c: String) {
  fundOverview(year: $y, jurisdictionCode: $j, policyCode: $c) {
  code share policy { version status } year budgetFen paidFen dueFen committedFen recoveredFen
  activeEntitlements months { period paidFen recoveredFen } } }"""
LEFT = """mutation($id: ID!) { markTalentLeft(input: {id: $id}) { userErrors { code } } }"""
REPAY = """mutation($id: ID!) { recordRepayment(input: {recoveryId: $id, amountFen: 100000}) {
  userErrors { code } } }"""
RECOVERIES = "{ recoveries { nodes { id } } }"


async def test_a_doctor_sees_what_they_may_apply_for_and_what_they_hold(client: GraphQLClient) -> None:
    talent = await doctor_in_changan()
    talent.category_id = None  # not a supported high-level talent (sjz.support.high)
    await talent.save(update_fields=["category_id"])
    gid = encode_id("Talent", talent.id)
    shown = {p["policy"]["code"]: p for p in (await client.data(FOR, {"t": gid}, as_user="changan_window"))[
        "fundPoliciesFor"]}  # fmt: skip
    assert set(shown) == {"sjz.rent.doctor", "sjz.home.doctor", "sjz.support.high", "changan.housing",
                          "sjz.grassroots.allowance"}  # fmt: skip
    assert shown["sjz.rent.doctor"] == {"policy": {"code": "sjz.rent.doctor"}, "unmet": [], "toDeclare": [],
                                        "held": False, "eligible": True}  # fmt: skip
    assert shown["sjz.home.doctor"]["toDeclare"] == ["FIRST_HOME"] and shown["sjz.home.doctor"]["eligible"]
    assert shown["changan.housing"]["toDeclare"] == ["SOCIAL_INSURANCE_MONTHS"]
    assert not shown["sjz.support.high"]["eligible"] and shown["sjz.support.high"]["unmet"]
    made = await apply_for(client, apply_input(talent, await published_policy("sjz.rent.doctor")))
    assert made["userErrors"] == []
    again = {p["policy"]["code"]: p for p in (await client.data(FOR, {"t": gid}, as_user="changan_window"))[
        "fundPoliciesFor"]}  # fmt: skip
    assert again["sjz.rent.doctor"]["held"] and not again["sjz.rent.doctor"]["eligible"]
    assert error_codes(await client.execute(FOR, {"t": gid}, as_user="zhengding_admin")) == ["NOT_FOUND"]


async def overview(client: GraphQLClient, user: str = "sjz_admin", **kw: Any) -> list[dict[str, Any]]:
    variables = {"y": china_today().year, "j": kw.get("j"), "c": kw.get("c", "sjz.rent.doctor")}
    return (await client.data(OVERVIEW, variables, as_user=user))["fundOverview"]


async def test_the_overview_adds_up_paid_due_and_recovered_by_month(client: GraphQLClient) -> None:
    talent, _ = await entitled(client, months_ago=0)
    remaining = 12 - china_today().month  # this year's months after this one
    [before] = await overview(client)
    assert (before["paidFen"], before["dueFen"], before["activeEntitlements"]) == (
        0,
        300_000 * (remaining + 1),
        1,
    )
    batch = (await run(client, this_month()))["paymentBatch"]
    await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
    [paid] = await overview(client)
    assert (paid["paidFen"], paid["dueFen"]) == (300_000, 300_000 * remaining)
    assert paid["committedFen"] == paid["paidFen"] + paid["dueFen"] and paid["budgetFen"] == 3_000_000_000
    assert paid["months"] == [{"period": this_month(), "paidFen": 300_000, "recoveredFen": 0}]
    await client.data(LEFT, {"id": talent}, as_user="changan_admin")
    [recovery] = (await client.data(RECOVERIES, as_user="sjz_admin"))["recoveries"]["nodes"]
    assert (await client.data(REPAY, {"id": recovery["id"]}, as_user="changan_admin"))["recordRepayment"] == {
        "userErrors": []}  # fmt: skip
    [after] = await overview(client)
    assert (after["paidFen"], after["dueFen"], after["recoveredFen"], after["activeEntitlements"]) == (
        300_000, 0, 100_000, 0)  # fmt: skip
    assert after["months"] == [{"period": this_month(), "paidFen": 300_000, "recoveredFen": 100_000}]
    [county] = await overview(client, "changan_admin")  # the city's policy, for its own people
    assert (county["share"], county["paidFen"], county["recoveredFen"]) == (True, 300_000, 100_000)
    [other] = await overview(client, "zhengding_admin")  # nothing of another county's people
    assert (other["share"], other["paidFen"], other["recoveredFen"], other["months"]) == (True, 0, 0, [])
    assert await overview(client, j="130200") == []


async def test_the_overviews_statements_do_not_grow_with_the_talents(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    async def statements() -> int:
        await overview(client, c=None)  # warm the caches
        with query_counter.capture() as q:
            await overview(client, c=None)
        return q.count

    await entitled(client, months_ago=0)
    one = await statements()
    for n in (1, 2, 3):
        await entitled(client, months_ago=0, skip=n)
    batch = (await run(client, this_month()))["paymentBatch"]
    await client.data(APPROVE, {"input": {"batchId": batch["id"]}}, as_user="sjz_admin")
    assert await statements() <= one + 1  # the repayments' statement appears once there are recoveries
