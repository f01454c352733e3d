"""The yearly view (服务基层达标情况): confirmed days against the required 15, per listed
expert of a jurisdiction and below — 16 days are compliant, 10 are not, days awaiting
confirmation do not count; another county sees nothing of it; the statements a request
costs do not grow with the number of experts."""

from __future__ import annotations

import pytest

from tests.support.graphql import GraphQLClient, error_codes
from tests.support.grassroots import YEAR, changan_talent, demo_talent, designate, list_expert, served
from tests.support.query_counter import QueryCounter

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

COMPLIANCE = """query($year: Int!, $code: String!) {
  grassrootsCompliance(year: $year, jurisdictionCode: $code) {
  days requiredDays recordedDays compliant areas { code } expert { year talent { name } } } }"""


async def _view(client: GraphQLClient, user: str = "changan_admin", code: str = "130102") -> list[dict]:
    variables = {"year": YEAR, "code": code}
    return (await client.data(COMPLIANCE, variables, as_user=user))["grassrootsCompliance"]


async def test_sixteen_confirmed_days_comply_and_ten_do_not(client: GraphQLClient) -> None:
    await designate(client)
    await designate(client, code="130102", kind="GRASSROOTS")
    sixteen, ten = await demo_talent(), await changan_talent()
    for talent in (sixteen, ten):
        assert not (await list_expert(client, talent))["userErrors"]
    await served(client, sixteen, 3, 9)
    await served(client, sixteen, 4, 7)
    await served(client, ten, 3, 10)
    await served(client, ten, 5, 8, confirmed=False)  # awaiting 正定县: does not count

    rows = {r["expert"]["talent"]["name"]: r for r in await _view(client)}
    assert (rows[sixteen.name]["days"], rows[sixteen.name]["compliant"]) == (16, True)
    short = rows[ten.name]
    assert (short["days"], short["recordedDays"], short["compliant"]) == (10, 8, False)
    assert rows[sixteen.name]["requiredDays"] == 15
    assert rows[sixteen.name]["areas"] == [{"code": "130123"}]
    assert [r["days"] for r in await _view(client, user="sjz_admin", code="130100")] == [16, 10]

    # 正定县 confirmed the service but lists none of these experts: it sees no row, here or for its city.
    assert await _view(client, user="zhengding_admin") == []
    assert await _view(client, user="zhengding_admin", code="130100") == []
    assert await _view(client, user="jinan_admin") == []


async def test_a_listing_may_require_other_than_fifteen_days(client: GraphQLClient) -> None:
    await designate(client)
    talent = await demo_talent()
    await list_expert(client, talent, requiredDays=20)
    await served(client, talent, 3, 16)
    [row] = await _view(client)
    assert (row["days"], row["requiredDays"], row["compliant"]) == (16, 20, False)


async def test_a_malformed_place_or_year_is_refused(client: GraphQLClient) -> None:
    bad_place = await client.execute(COMPLIANCE, {"year": YEAR, "code": "13"}, as_user="changan_admin")
    assert error_codes(bad_place) == ["VALIDATION"]
    bad_year = await client.execute(COMPLIANCE, {"year": 1900, "code": "130102"}, as_user="changan_admin")
    assert error_codes(bad_year) == ["VALIDATION"]


async def _statements(client: GraphQLClient, counter: QueryCounter) -> int:
    await _view(client)  # warm the policy cache
    with counter.capture() as q:
        await _view(client)
    return q.count


async def test_the_view_costs_the_same_statements_for_two_experts_or_six(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    await designate(client)
    talents = [await demo_talent(), *[await changan_talent(skip=n) for n in range(5)]]
    for talent in talents[:2]:
        await list_expert(client, talent)
        await served(client, talent, 3, 5)
    few = await _statements(client, query_counter)
    for talent in talents[2:]:
        await list_expert(client, talent)
        await served(client, talent, 3, 5)
    many = await _statements(client, query_counter)
    assert few == many, (few, many)
    # principal (user, grants, policy version) 3, listings 1, grouped sums 1, talents 1, areas 1
    assert many <= 7, many
