"""Grassroots areas (服务基层地区): province and city offices designate counties, as data;
every signed-in user reads the designations; a county is designated once per kind."""

from __future__ import annotations

import pytest

from schema.models import AuditEvent, GrassrootsArea
from tests.support.graphql import GraphQLClient
from tests.support.grassroots import designate

pytestmark = pytest.mark.usefixtures("without_demo_grassroots")

AREAS = """{ grassrootsAreas(orderBy: [{field: CODE}]) { totalCount edges { node {
  kind note jurisdiction { code name } } } } }"""
WITHDRAW = """mutation($input: WithdrawGrassrootsAreaInput!) {
  withdrawGrassrootsArea(input: $input) { grassrootsArea { id } userErrors { field code } } }"""


def _codes(payload: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_city_office_designates_a_county_that_everyone_reads(client: GraphQLClient) -> None:
    made = await designate(client)
    assert (made["grassrootsArea"]["kind"], made["grassrootsArea"]["jurisdiction"]["code"]) == (
        "OLD_REVOLUTIONARY", "130123",
    )  # fmt: skip
    await designate(client, kind="UNDERDEVELOPED", user="hebei_admin")
    for user in ("talent_demo", "jinan_admin", "changan_admin"):
        listed = (await client.data(AREAS, as_user=user))["grassrootsAreas"]
        assert listed["totalCount"] == 2
    assert await AuditEvent.filter(operation="designateGrassrootsArea").count() == 2


async def test_designating_is_refused_with_a_code_and_writes_nothing(client: GraphQLClient) -> None:
    assert _codes(await designate(client, user="zhengding_admin")) == [("jurisdictionCode", "FORBIDDEN")]
    assert _codes(await designate(client, user="jinan_admin")) == [("jurisdictionCode", "FORBIDDEN")]
    assert _codes(await designate(client, code="130100")) == [("jurisdictionCode", "VALIDATION")]  # a city
    assert _codes(await designate(client, code="1301")) == [("jurisdictionCode", "VALIDATION")]
    assert not await GrassrootsArea.exists()
    await designate(client)
    assert _codes(await designate(client)) == [("kind", "CONFLICT")]
    assert await GrassrootsArea.all().count() == 1


async def test_a_designation_is_withdrawn_by_an_office_above_it(client: GraphQLClient) -> None:
    area = (await designate(client))["grassrootsArea"]["id"]
    county = await client.data(WITHDRAW, {"input": {"areaId": area}}, as_user="zhengding_admin")
    assert _codes(county["withdrawGrassrootsArea"]) == [("areaId", "FORBIDDEN")]
    done = await client.data(WITHDRAW, {"input": {"areaId": area}}, as_user="sjz_admin")
    assert done["withdrawGrassrootsArea"]["grassrootsArea"]["id"] == area
    assert not await GrassrootsArea.exists()
