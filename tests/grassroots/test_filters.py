"""A bare enum in a filter (`status: RECORDED`) narrows the list to that value: the demo's
four records in 正定县, one awaiting confirmation, three confirmed; the funds lists' status
filters likewise (no policy of the demo is retired, no recovery settled)."""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

COUNTS = """query($status: GrassrootsServiceStatus) {
  grassrootsServices(filter: {withinArea: "130123", status: $status}) { totalCount nodes { status } } }"""


async def test_a_status_filter_keeps_only_that_status(client: GraphQLClient) -> None:
    counts = {}
    for status in (None, "RECORDED", "CONFIRMED", "REJECTED"):
        page = (await client.data(COUNTS, {"status": status}, as_user="zhengding_admin"))[
            "grassrootsServices"
        ]
        assert all(status in (None, n["status"]) for n in page["nodes"])
        counts[status] = page["totalCount"]
    assert counts == {None: 4, "RECORDED": 1, "CONFIRMED": 3, "REJECTED": 0}
    others = """{ recoveries(filter: {status: SETTLED}) { totalCount }
      fundPolicies(filter: {status: RETIRED}) { totalCount } }"""
    assert await client.data(others, as_user="sjz_admin") == {
        "recoveries": {"totalCount": 0}, "fundPolicies": {"totalCount": 0}}  # fmt: skip
