"""Query cost: a query asking for too much work is refused before it runs.

Attack replayed: 30 aliases × `serviceRequests(first: 100) { handoffs { history } history
complaints { steps } }` (a 4 KB query) took 6.9 s and 8.5 MB, and two at once slowed
/healthz to 743 ms. The cost of a query (objects selected, lists multiplied through the
nesting, summed across aliases and fragments; schema/query_cost.py) is now held to
MAX_QUERY_COST and refused with LIMIT_EXCEEDED naming its cost and the budget.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, TypeInfo, ValidationContext, parse, validate
from strawberry.extensions.parser_cache import _get_parse_cache

from resolvers.core.settings import Settings, load_settings
from schema.build import PARSE_CACHE_SIZE, VALIDATION_CACHE_SIZE, build_schema, query_limit_rules
from schema.query_cost import CostLimits, QueryCost
from schema.validation import cached_validator
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.live_server import LiveServer
from tests.support.query_counter import QueryCounter

REQUEST_TREE = """serviceRequests(first: 100) { edges { node { id number status
  handoffs { id status history { fromStatus toStatus actor note at } }
  history { fromStatus toStatus actor note at }
  complaints { id subject steps { action actor note at } } } } }"""
COSTLY = "query {" + " ".join(f"r{i}: {REQUEST_TREE}" for i in range(30)) + "}"
ONE_TREE = "query { " + REQUEST_TREE + " }"
# What the console asks for: a full page of talents with what a list shows of each.
TALENT_PAGE = """query { talents(first: 100) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id name idNumber phone status jurisdiction { code name level } employer { name }
    category { code name } activeCard { number status tier { code name rank } programme { name } } } } } }"""
DASHBOARD = """query($filter: SupervisionFilter!) {
  supervisionStats(filter: $filter, groupBy: WINDOW) {
    key name jurisdictionCode received completed onTime late onTimeRate avgWorkdays overdue
    extensions extensionReports satisfactionAvg satisfactionCount
    satisfactionDistribution { score level count } complaints complaintOutcomes { outcome count } } }"""


def cost_of(document: str, settings: Settings | None = None) -> int:
    settings = settings or Settings()
    schema = build_schema()._schema
    doc = parse(document)
    limits = CostLimits(settings.max_query_cost, 20, settings.max_page_size)
    context = ValidationContext(schema, doc, TypeInfo(schema), lambda error: None)
    operations = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    return sum(QueryCost(schema, context, limits).of(op) for op in operations)


def _limit_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED", error
    return error


# -- the model ------------------------------------------------------------------------------


def test_aliases_add_up_and_fragments_cost_what_they_select() -> None:
    one = cost_of(ONE_TREE)
    assert cost_of(COSTLY) == 30 * one
    as_fragment = "query { ...Tree } fragment Tree on Query { " + REQUEST_TREE + " }"
    assert cost_of(as_fragment) == one
    twice = "query { a: talents(first: 10) { ...T } b: talents(first: 10) { ...T } } " \
            "fragment T on TalentConnection { nodes { id employer { name } } }"  # fmt: skip
    assert cost_of(twice) == 2 * cost_of("query { talents(first: 10) { nodes { id employer { name } } } }")


def test_a_connection_multiplies_what_is_under_it_by_its_page() -> None:
    def page(first: str) -> int:
        return cost_of(f"query {{ talents{first} {{ edges {{ node {{ employer {{ name }} }} }} }} }}")

    per_talent = page("(first: 2)") - page("(first: 1)")
    assert per_talent > 0
    assert page("(first: 100)") - page("(first: 0)") == 100 * per_talent
    assert page("") == page("(first: 20)")  # absent: the default page
    assert cost_of("query($n: Int) { talents(first: $n) { edges { node { employer { name } } } } }") == page(
        "(first: 100)"
    )  # a variable: the most it may be
    assert page("(first: 100000)") == page("(first: 100)")  # beyond the cap the resolver refuses anyway
    leaves_only = cost_of("query { talents(first: 100) { totalCount edges { cursor node { id name } } } }")
    assert leaves_only < page("(first: 100)")


def test_the_costly_query_is_far_over_the_budget_and_ordinary_ones_are_well_under() -> None:
    budget = Settings().max_query_cost
    assert cost_of(COSTLY) > 10 * budget
    for ordinary in (TALENT_PAGE, DASHBOARD):
        assert cost_of(ordinary) < budget / 5


def test_the_budget_comes_from_max_query_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_QUERY_COST", "500")
    settings = load_settings()
    assert settings.max_query_cost == 500
    schema = build_schema()._schema
    errors = validate(schema, parse(TALENT_PAGE), query_limit_rules(settings))
    (error,) = errors
    extensions = {**(error.extensions or {})}
    assert "exceeds the budget of 500 (MAX_QUERY_COST)" in extensions.pop("messageEn")
    assert extensions == {"code": "LIMIT_EXCEEDED", "cost": cost_of(TALENT_PAGE), "budget": 500}
    assert "超出上限 500（MAX_QUERY_COST）" in error.message
    assert validate(schema, parse(TALENT_PAGE), query_limit_rules(Settings())) == []


# -- in-process, both databases ----------------------------------------------------------------


async def test_a_costly_query_is_refused_before_any_statement_runs(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    await client.data("{ __typename }", as_user="sjz_admin")
    with query_counter.capture() as signed_in:  # what reading the caller costs, and nothing else
        await client.data("{ __typename }", as_user="sjz_admin")
    with query_counter.capture() as q:
        body = await client.execute(COSTLY, as_user="sjz_admin")
    error = _limit_error(body)
    assert error["extensions"]["cost"] == cost_of(COSTLY)
    assert q.count == signed_in.count


async def test_ordinary_big_queries_run_and_validated_queries_stay_cached(client: GraphQLClient) -> None:
    cache: Any = cached_validator(VALIDATION_CACHE_SIZE)
    parsed: Any = _get_parse_cache(PARSE_CACHE_SIZE)
    for _ in range(2):
        data = await client.data(TALENT_PAGE, as_user="sjz_admin")
        assert len(data["talents"]["edges"]) == 100
    hits, parse_hits = cache.cache_info().hits, parsed.cache_info().hits
    await client.data(TALENT_PAGE, as_user="sjz_admin")
    assert cache.cache_info().hits == hits + 1  # the same rules every request: the cache hits
    assert parsed.cache_info().hits == parse_hits + 1  # … and the text is parsed once
    period = {"jurisdictionCode": "130100", "from": "2026-01-01", "to": "2026-06-30"}
    assert await client.data(DASHBOARD, {"filter": period}, as_user="sjz_admin")
    body = await client.execute(COSTLY, as_user="sjz_admin")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]


# -- over HTTP, against `talentgate serve` -----------------------------------------------------


def test_the_30_alias_query_is_refused_quickly_naming_its_cost_and_budget(live_server: LiveServer) -> None:
    assert len(COSTLY.encode()) > 4000
    token = live_server.login("sjz_admin")
    started = time.monotonic()
    response = live_server.post(COSTLY, token=token)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    error = _limit_error(response.json())
    cost, budget = error["extensions"]["cost"], error["extensions"]["budget"]
    assert cost == cost_of(COSTLY) and budget == Settings().max_query_cost
    assert f"查询开销 {cost:,} 超出上限 {budget:,}（MAX_QUERY_COST）" in error["message"]
    assert f"query cost {cost:,} exceeds the budget of {budget:,}" in error["extensions"]["messageEn"]
    assert elapsed < 2.0  # it ran for 6.9 s before: now nothing is executed
    assert "Traceback" not in live_server.log()


def test_healthz_stays_fast_while_costly_queries_are_sent(live_server: LiveServer) -> None:
    token = live_server.login("sjz_admin")
    stop = time.monotonic() + 3.0

    def attack() -> list[str]:
        codes = []
        while time.monotonic() < stop:
            codes += error_codes(live_server.post(COSTLY, token=token).json())
        return codes

    with ThreadPoolExecutor(2) as pool, httpx.Client(base_url=live_server.base) as probe:
        attacks = [pool.submit(attack) for _ in range(2)]  # two at once, as in the incident
        latencies = []
        while time.monotonic() < stop:
            started = time.monotonic()
            assert probe.get("/healthz").status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
        codes = [c for a in attacks for c in a.result()]
    assert codes and set(codes) == {"LIMIT_EXCEEDED"}
    assert max(latencies) < 0.5, latencies  # 743 ms before


def test_the_console_page_of_talents_and_the_dashboard_answer_over_http(live_server: LiveServer) -> None:
    body = live_server.gql(TALENT_PAGE, as_user="sjz_admin")
    assert "errors" not in body and len(body["data"]["talents"]["edges"]) == 100
    period = {"jurisdictionCode": "130100", "from": "2026-01-01", "to": "2026-06-30"}
    body = live_server.gql(DASHBOARD, {"filter": period}, as_user="sjz_admin")
    assert "errors" not in body, body
