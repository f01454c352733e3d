"""`custom: [{key, eq | in | gte | lte}]` in the talent, employer and service-request
filters: SQL on both backends (json_extract on SQLite, jsonb containment and ->> on
PostgreSQL), keys checked, the caller's scope kept."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from resolvers.customfields.filtering import condition_q
from schema.models import Talent
from tests.customfields.support import define
from tests.support.graphql import GraphQLClient, error_codes

TALENTS = """query($filter: TalentFilter) {
  talents(first: 100, filter: $filter) { totalCount edges { node { id jurisdiction { code } customFields } } }
}"""


async def _count(client: GraphQLClient, as_user: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    data = await client.data(TALENTS, {"filter": {"custom": list(conditions)}}, as_user=as_user)
    return data["talents"]


async def _expected(predicate: Any, prefix: str = "1301") -> int:
    rows = await Talent.filter(jurisdiction_id__startswith=prefix).values_list("custom_fields", flat=True)
    return sum(1 for values in rows if predicate(values or {}))


async def test_equality_and_in_match_the_stored_values(client: GraphQLClient) -> None:
    monthly = await _count(client, "sjz_admin", {"key": "contact_frequency", "eq": "每月"})
    assert monthly["totalCount"] == await _expected(lambda v: v.get("contact_frequency") == "每月") > 0
    assert all(e["node"]["customFields"]["contact_frequency"] == "每月" for e in monthly["edges"])
    owners = await _count(client, "sjz_admin", {"key": "owns_home", "eq": True})
    assert owners["totalCount"] == await _expected(lambda v: v.get("owns_home") is True) > 0
    either = await _count(client, "sjz_admin", {"key": "contact_frequency", "in": ["每周", "每季度"]})
    assert either["totalCount"] == await _expected(lambda v: v.get("contact_frequency") in ("每周", "每季度"))
    both = await _count(client, "sjz_admin", {"key": "owns_home", "eq": False},
                        {"key": "contact_frequency", "eq": "每月"})  # fmt: skip
    assert both["totalCount"] == await _expected(
        lambda v: v.get("owns_home") is False and v.get("contact_frequency") == "每月"
    )
    # a boolean never equals the number 1 (json_type / jsonb keep them apart)
    assert (await _count(client, "sjz_admin", {"key": "owns_home", "eq": 1}))["totalCount"] == 0
    flt = {"not": {"custom": [{"key": "owns_home", "eq": True}]}, "withinJurisdiction": "130102"}
    negated = await client.data(TALENTS, {"filter": flt}, as_user="sjz_admin")
    assert negated["talents"]["totalCount"] == await _expected(
        lambda v: v.get("owns_home") is not True, "130102"
    )


async def test_ranges_on_numbers_and_dates(client: GraphQLClient) -> None:
    await define(client, "sjz_admin", jurisdictionCode="130100", key="score", label="评分", kind="NUMBER")
    await define(client, "sjz_admin", jurisdictionCode="130100", key="met_on", label="走访日期", kind="DATE")
    ids = await Talent.filter(jurisdiction_id="130102").order_by("id").limit(5).values_list("id", flat=True)
    for n, talent_id in enumerate(ids):  # scores 5, 15, 25, 35, 45; 2026-01-01 … 2026-01-05
        await Talent.filter(id=talent_id).update(
            custom_fields={"score": 5 + 10 * n, "met_on": f"2026-01-0{n + 1}"}
        )
    await Talent.filter(id=ids[0]).update(custom_fields={"score": "many"})  # a stray string is never in range
    middle = await _count(client, "changan_admin", {"key": "score", "gte": 10, "lte": 40})
    assert middle["totalCount"] == 3
    assert (await _count(client, "changan_admin", {"key": "score", "gte": 35.5}))["totalCount"] == 1
    assert (await _count(client, "changan_admin", {"key": "score", "eq": 25}))["totalCount"] == 1
    dates = await _count(client, "changan_admin", {"key": "met_on", "gte": "2026-01-03", "lte": "2026-01-04"})
    assert dates["totalCount"] == 2


async def test_a_county_sees_only_its_own_records_through_a_custom_filter(client: GraphQLClient) -> None:
    changan = await _count(client, "changan_admin", {"key": "owns_home", "in": [True, False]})
    assert changan["totalCount"] == await _expected(lambda v: "owns_home" in v, "130102") > 0
    assert {e["node"]["jurisdiction"]["code"] for e in changan["edges"]} == {"130102"}
    nothing = await client.data(TALENTS, {"filter": {"custom": [{"key": "owns_home", "eq": True}],
                                                     "jurisdictionCode": {"eq": "130123"}}},
                                as_user="changan_admin")  # fmt: skip
    assert nothing["talents"]["totalCount"] == 0


@pytest.mark.parametrize(
    "condition",
    [
        {"key": "nonsense", "eq": 1},  # no such field
        {"key": "owns_home') OR 1=1 --", "eq": True},  # not a key
        {"key": "owns_home"},  # no operator
        {"key": "owns_home", "gte": True},  # no range on booleans
        {"key": "contact_frequency", "gte": "每月"},  # nor on text
        {"key": "owns_home", "eq": {"a": 1}},  # a JSON object is no operand
    ],
)
async def test_bad_conditions_answer_validation(client: GraphQLClient, condition: dict[str, Any]) -> None:
    body = await client.execute(TALENTS, {"filter": {"custom": [condition]}}, as_user="sjz_admin")
    assert error_codes(body) == ["VALIDATION"], body


async def test_employers_and_requests_filter_on_their_fields(client: GraphQLClient) -> None:
    await define(client, "changan_admin", type="Employer", jurisdictionCode="130102", key="listed",
                 label="是否上市", kind="BOOLEAN")  # fmt: skip
    from schema.models import Employer

    employer = await Employer.filter(jurisdiction_id="130102").order_by("id").first()
    assert employer is not None
    await Employer.filter(id=employer.id).update(custom_fields={"listed": True})
    data = await client.data("""query { employers(first: 10, filter: {custom: [{key: "listed", eq: true}]}) {
      totalCount edges { node { name } } } }""", as_user="changan_admin")  # fmt: skip
    assert data["employers"]["totalCount"] == 1
    query = """query { serviceRequests(first: 10, filter: {custom: [{key: "listed", eq: true}]}) {
      totalCount } }"""
    body = await client.execute(query, as_user="changan_admin")
    assert error_codes(body) == ["VALIDATION"]  # an employer's field, not a request's


@pytest.mark.postgres_only
async def test_postgres_serves_the_filters_from_gin_indexes(client: GraphQLClient) -> None:
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE '%custom_fields_gin'"
    )
    assert {r["tablename"] for r in rows} == {"talent", "employer", "service_request"}
    assert all("gin" in r["indexdef"].lower() and "jsonb_path_ops" in r["indexdef"] for r in rows)
    condition = SimpleNamespace(key="contact_frequency", eq="每月", in_=None, gte=None, lte=None)
    sql = Talent.filter(condition_q(condition)).only("id").sql(params_inline=True)
    async with in_transaction() as tx:
        await tx.execute_script("SET LOCAL enable_seqscan = off")  # a small table would be scanned
        plan = await tx.execute_query_dict(f"EXPLAIN {sql}")
    assert "talent_custom_fields_gin" in " ".join(str(r) for r in plan), (sql, plan)


async def test_grouped_counts_take_the_same_custom_conditions(client: GraphQLClient) -> None:
    query = """query($filter: TalentFilter) {
      talentCounts(groupBy: [{field: JURISDICTION}], filter: $filter) { keys count } }"""
    flt = {"custom": [{"key": "contact_frequency", "in": ["每周", "每月", "每季度"]}]}
    data = await client.data(query, {"filter": flt}, as_user="sjz_admin")
    counted = {row["keys"][0]: row["count"] for row in data["talentCounts"]}
    assert counted == {
        code: await _expected(lambda v: "contact_frequency" in v, code) for code in ("130102", "130123")
    }


async def test_an_empty_in_matches_nothing_and_its_negation_everything(client: GraphQLClient) -> None:
    none = await _count(client, "changan_admin", {"key": "owns_home", "in": []})
    assert none["totalCount"] == 0
    flt = {"not": {"custom": [{"key": "owns_home", "in": []}]}}
    everything = await client.data(TALENTS, {"filter": flt}, as_user="changan_admin")
    assert everything["talents"]["totalCount"] == await Talent.filter(jurisdiction_id="130102").count()
