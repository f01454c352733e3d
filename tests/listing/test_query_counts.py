"""SQL statements per request do not grow with page size (DataLoaders per nested level)."""

from __future__ import annotations

from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

PAGE = """query($first: Int!) {
  talents(first: $first) {
    totalCount
    edges { node {
      id name idNumber
      jurisdiction { code name }
      employer { name }
      category { code name }
      activeCard { number tier { code } programme { name } }
    } }
  }
}"""


async def _statements(client: GraphQLClient, query_counter: QueryCounter, first: int) -> int:
    await client.data(PAGE, {"first": 1}, as_user="sjz_admin")  # warm the policy cache
    with query_counter.capture() as q:
        data = await client.data(PAGE, {"first": first}, as_user="sjz_admin")
    assert len(data["talents"]["edges"]) == first
    return q.count


async def test_page_of_100_costs_the_same_statements_as_page_of_10(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    small = await _statements(client, query_counter, 10)
    large = await _statements(client, query_counter, 100)
    assert small == large
    # principal (user + grants + policy version) 3, page 1, count 1, one per nested
    # level (jurisdiction, employer, category, active card, tier, programme) 6, audit 1,
    # sealing it into the hash chain 2 (pending rows with the head, update; PostgreSQL: +try-lock)
    assert large <= 15, large
