"""The yearly listing (纳入服务基层范围): a county office lists its experts for a year and
may take a listing back while it has no records; `grassrootsExperts(year)` pages what the
caller may see — an office its area, the talent their own — and a listing hidden from the
caller answers NOT_FOUND like one that does not exist."""

from __future__ import annotations

import pytest

from resolvers.core.ids import encode_id
from schema.models import AuditEvent, GrassrootsExpert
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.grassroots import YEAR, changan_talent, demo_talent, designate, gid, list_expert, served

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

EXPERTS = """query($year: Int!, $filter: GrassrootsExpertFilter, $first: Int, $after: String) {
  grassrootsExperts(year: $year, filter: $filter, first: $first, after: $after,
                    orderBy: [{field: ID, direction: ASC}]) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id year talent { name } } } } }"""
REMOVE = """mutation($input: RemoveGrassrootsExpertInput!) {
  removeGrassrootsExpert(input: $input) { grassrootsExpert { id } userErrors { field code } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on GrassrootsExpert { id year requiredDays } } }"


async def _page(client: GraphQLClient, user: str, year: int = YEAR, **variables: object) -> dict:
    return (await client.data(EXPERTS, {"year": year, **variables}, as_user=user))["grassrootsExperts"]


async def test_an_office_lists_its_experts_and_each_caller_sees_what_is_theirs(client: GraphQLClient) -> None:
    own, other = await demo_talent(), await changan_talent()
    made = await list_expert(client, own)
    assert (made["grassrootsExpert"]["year"], made["grassrootsExpert"]["requiredDays"]) == (YEAR, 15)
    await list_expert(client, other)
    await list_expert(client, other, year=YEAR - 1)

    office = await _page(client, "changan_admin", first=1)
    assert office["totalCount"] == 2 and office["pageInfo"]["hasNextPage"]
    rest = await _page(client, "changan_admin", after=office["pageInfo"]["endCursor"])
    names = [e["node"]["talent"]["name"] for e in office["edges"] + rest["edges"]]
    assert names == [own.name, other.name]
    filtered = await _page(client, "sjz_admin", filter={"talentId": {"eq": gid(other)}})
    assert filtered["totalCount"] == 1
    assert (await _page(client, "talent_demo"))["totalCount"] == 1  # their own
    assert (await _page(client, "zhengding_admin"))["totalCount"] == 0
    assert (await _page(client, "changan_admin", year=YEAR - 1))["totalCount"] == 1
    assert await AuditEvent.filter(operation="listGrassrootsExpert").count() == 3


async def test_listing_is_refused_with_a_code_and_writes_nothing(client: GraphQLClient) -> None:
    talent = await demo_talent()
    hidden = await list_expert(client, talent, user="zhengding_admin")
    assert [(e["field"], e["code"]) for e in hidden["userErrors"]] == [("talentId", "NOT_FOUND")]
    own = await list_expert(client, talent, user="talent_demo")  # a talent does not list themself
    assert [(e["field"], e["code"]) for e in own["userErrors"]] == [("talentId", "FORBIDDEN")]
    for year, days in ((1999, None), (YEAR, 0)):
        bad = await list_expert(client, talent, year=year, requiredDays=days)
        assert [e["code"] for e in bad["userErrors"]] == ["VALIDATION"]
    assert not await GrassrootsExpert.exists()
    await list_expert(client, talent)
    twice = await list_expert(client, talent, user="sjz_admin")
    assert [(e["field"], e["code"]) for e in twice["userErrors"]] == [("talentId", "CONFLICT")]
    assert await GrassrootsExpert.all().count() == 1


async def test_a_listing_is_taken_back_only_without_records_and_hidden_ones_are_missing(
    client: GraphQLClient,
) -> None:
    await designate(client)
    kept, dropped = await demo_talent(), await changan_talent()
    kept_id = (await list_expert(client, kept))["grassrootsExpert"]["id"]
    dropped_id = (await list_expert(client, dropped))["grassrootsExpert"]["id"]
    await served(client, kept, 3, 2)

    hidden = await client.execute(NODE, {"id": kept_id}, as_user="zhengding_admin")
    assert error_codes(hidden) == ["NOT_FOUND"]
    node = await client.data(NODE, {"id": kept_id}, as_user="changan_admin")
    assert node["node"]["year"] == YEAR
    for user, expert in (("zhengding_admin", kept_id), ("zhengding_admin", encode_id("GrassrootsExpert", 0))):
        missing = await client.data(REMOVE, {"input": {"expertId": expert}}, as_user=user)
        errors = missing["removeGrassrootsExpert"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [("expertId", "NOT_FOUND")]
    with_records = await client.data(REMOVE, {"input": {"expertId": kept_id}}, as_user="changan_admin")
    assert [e["code"] for e in with_records["removeGrassrootsExpert"]["userErrors"]] == ["INVALID_STATE"]
    talent_own = await client.data(REMOVE, {"input": {"expertId": kept_id}}, as_user="talent_demo")
    assert [e["code"] for e in talent_own["removeGrassrootsExpert"]["userErrors"]] == ["FORBIDDEN"]
    removed = await client.data(REMOVE, {"input": {"expertId": dropped_id}}, as_user="changan_admin")
    assert removed["removeGrassrootsExpert"]["grassrootsExpert"]["id"] == dropped_id
    assert await GrassrootsExpert.all().count() == 1
