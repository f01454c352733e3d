"""Grouped counts (`talentCounts`, `serviceRequestCounts`, …): the same rows as the list —
same scope, same filter — bucketed in one SQL statement, with Chinese labels."""

from __future__ import annotations

import re

from resolvers.core.ids import decode_id
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.query_counter import QueryCounter

TALENTS = """query($f: TalentFilter, $g: [TalentCountGroup!]!) {
  talentCounts(filter: $f, groupBy: $g) { keys labels count }
  talents(filter: $f) { totalCount }
}"""


async def test_buckets_add_up_to_the_list_and_each_matches_its_filtered_list(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"g": [{"field": "STATUS"}]}, as_user="changan_admin")
    buckets = data["talentCounts"]
    assert sum(b["count"] for b in buckets) == data["talents"]["totalCount"] > 0
    assert [b["count"] for b in buckets] == sorted((b["count"] for b in buckets), reverse=True)
    for bucket in buckets:
        (status,) = bucket["keys"]
        assert re.search(r"[\u4e00-\u9fff]", bucket["labels"][0])  # 在本地, not ACTIVE
        alone = await client.data(TALENTS, {"g": [{"field": "STATUS"}], "f": {"status": {"eq": status}}},
                                  as_user="changan_admin")  # fmt: skip
        assert alone["talents"]["totalCount"] == bucket["count"]


async def test_two_groupings_name_records_and_places(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"g": [{"field": "JURISDICTION"}, {"field": "CATEGORY"}]},
                             as_user="sjz_admin")  # fmt: skip
    buckets = data["talentCounts"]
    assert sum(b["count"] for b in buckets) == data["talents"]["totalCount"]
    places = {b["labels"][0] for b in buckets}
    assert "长安区" in places and "济南市" not in places  # the city's own counties only
    categories = [b for b in buckets if b["keys"][1] is not None]
    assert categories and all(decode_id(b["keys"][1])[0] == "TalentCategory" for b in categories)
    assert all(b["labels"][1] for b in categories)


async def test_the_scope_and_filter_of_the_list_apply(client: GraphQLClient) -> None:
    county = await client.data(TALENTS, {"g": [{"field": "STATUS"}]}, as_user="changan_admin")
    city = await client.data(TALENTS, {"g": [{"field": "STATUS"}]}, as_user="sjz_admin")
    assert sum(b["count"] for b in county["talentCounts"]) < sum(b["count"] for b in city["talentCounts"])
    handler = await client.data(TALENTS, {"g": [{"field": "STATUS"}]}, as_user="sjz_police_handler")
    assert handler == {"talentCounts": [], "talents": {"totalCount": 0}}  # a department sees no talents
    named = await client.data(TALENTS, {"g": [{"field": "GENDER"}], "f": {"name": {"contains": "王"}}},
                              as_user="sjz_admin")  # fmt: skip
    assert sum(b["count"] for b in named["talentCounts"]) == named["talents"]["totalCount"]


async def test_dates_are_cut_by_month_in_beijing_time(history_db: str, client: GraphQLClient) -> None:
    query = """query($g: [ServiceRequestCountGroup!]!, $f: ServiceRequestFilter) {
      serviceRequestCounts(groupBy: $g, filter: $f) { keys labels count }
      serviceRequests(filter: $f) { totalCount }
    }"""
    data = await client.data(query, {"g": [{"field": "RECEIVED_AT", "period": "MONTH"}]}, as_user="sjz_admin")
    buckets = data["serviceRequestCounts"]
    assert len(buckets) >= 6 and all(re.fullmatch(r"\d{4}-\d{2}", b["keys"][0]) for b in buckets)
    assert sum(b["count"] for b in buckets) == data["serviceRequests"]["totalCount"]
    month = buckets[0]["keys"][0]
    year, number = map(int, month.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}"
    within = {"receivedAt": {"gte": f"{month}-01T00:00:00+08:00", "lt": f"{following}-01T00:00:00+08:00"}}
    alone = await client.data(query, {"g": [{"field": "STATUS"}], "f": within}, as_user="sjz_admin")
    assert alone["serviceRequests"]["totalCount"] == buckets[0]["count"]


async def test_bad_groupings_are_coded_errors(client: GraphQLClient) -> None:
    cases = [
        [{"field": "STATUS", "period": "MONTH"}],  # a period on a value field
        [{"field": "CREATED_AT"}],  # a date without its period
        [{"field": "STATUS"}, {"field": "GENDER"}, {"field": "CATEGORY"}],  # three groupings
        [],
    ]
    for groups in cases:
        body = await client.execute(TALENTS, {"g": groups}, as_user="changan_admin")
        assert error_codes(body) == ["VALIDATION"], (groups, body)


async def test_a_count_is_one_statement_whatever_the_buckets(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    one = """query($g: [TalentCountGroup!]!) { talentCounts(groupBy: $g) { keys labels count } }"""
    await client.data(one, {"g": [{"field": "STATUS"}]}, as_user="sjz_admin")  # warm the caches
    with query_counter.capture() as few:
        await client.data(one, {"g": [{"field": "STATUS"}]}, as_user="sjz_admin")
    with query_counter.capture() as many:
        await client.data(one, {"g": [{"field": "EMPLOYER"}, {"field": "CATEGORY"}]}, as_user="sjz_admin")
    assert few.count == many.count
