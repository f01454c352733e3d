"""Who sees which talents, through every path: list, node, lookup, nested, _entities."""

from __future__ import annotations

import pytest

from resolvers.core.ids import encode_id
from schema.models import AuditEvent, Talent
from tests.support.graphql import GraphQLClient, error_codes

TALENTS = """query($first: Int, $filter: TalentFilter) {
  talents(first: $first, filter: $filter) {
    totalCount
    edges { node { id name idNumber phone jurisdiction { code } } }
  }
}"""

NODE = "query($id: ID!) { node(id: $id) { id ... on Talent { name idNumber } } }"
ENTITIES = """query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Talent { id name idNumber } }
}"""


async def _count_in(prefix: str) -> int:
    return await Talent.filter(jurisdiction_id__startswith=prefix).count()


async def test_county_admin_sees_only_its_county(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"first": 100}, as_user="changan_admin")
    codes = {e["node"]["jurisdiction"]["code"] for e in data["talents"]["edges"]}
    assert codes == {"130102"}
    assert data["talents"]["totalCount"] == await _count_in("130102")


async def test_city_admin_sees_all_its_counties(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"first": 100}, as_user="sjz_admin")
    assert data["talents"]["totalCount"] == await _count_in("1301")
    assert data["talents"]["totalCount"] > await _count_in("130102")
    codes = {e["node"]["jurisdiction"]["code"] for e in data["talents"]["edges"]}
    assert codes <= {"130102", "130123"}


async def test_county_admin_reads_personal_data_unmasked_and_the_read_is_audited(
    client: GraphQLClient,
) -> None:
    data = await client.data(TALENTS, {"first": 5}, as_user="changan_admin")
    node = data["talents"]["edges"][0]["node"]
    talent = await Talent.get(name=node["name"], jurisdiction_id="130102")
    assert node["idNumber"] == talent.id_number
    events = await AuditEvent.filter(operation="pii:read", actor="changan_admin").count()
    assert events == 5


async def test_federation_account_sees_masked_id_numbers(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"first": 20}, as_user="shandong_platform")
    nodes = [e["node"] for e in data["talents"]["edges"]]
    assert nodes and all(n["jurisdiction"]["code"].startswith("37") for n in nodes)
    for n in nodes:
        assert n["idNumber"][6:14] == "********", n
        assert "****" in (n["phone"] or "****")
    assert not await AuditEvent.filter(operation="pii:read").exists()


async def test_handler_sees_no_talents(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"first": 100}, as_user="sjz_police_handler")
    assert data["talents"] == {"totalCount": 0, "edges": []}


async def test_talent_sees_only_themself(client: GraphQLClient) -> None:
    data = await client.data(TALENTS, {"first": 100}, as_user="talent_demo")
    assert data["talents"]["totalCount"] == 1
    me = await client.data("{ me { talent { id idNumber } } }", as_user="talent_demo")
    assert me["me"]["talent"]["id"] == data["talents"]["edges"][0]["node"]["id"]
    assert "*" not in me["me"]["talent"]["idNumber"]


async def test_anonymous_caller_is_unauthenticated(client: GraphQLClient) -> None:
    body = await client.execute(TALENTS, {"first": 1})
    assert body["data"] is None
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_invalid_token_is_unauthenticated(client: GraphQLClient) -> None:
    body = await client.execute(TALENTS, {"first": 1}, token="not.a.jwt")
    assert error_codes(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("path", ["node", "talent", "entities"])
async def test_invisible_talent_answers_not_found_like_a_missing_one(
    client: GraphQLClient, path: str
) -> None:
    other = await Talent.filter(jurisdiction_id="130123").first()
    hidden = encode_id("Talent", other.id)
    missing = encode_id("Talent", 999_999)
    answers = []
    for gid in (hidden, missing):
        if path == "node":
            body = await client.execute(NODE, {"id": gid}, as_user="changan_admin")
            answers.append((body["data"], error_codes(body)))
        elif path == "talent":
            body = await client.execute(
                "query($id: ID!) { talent(id: $id) { name } }", {"id": gid}, as_user="changan_admin"
            )
            answers.append((body["data"], error_codes(body)))
        else:
            body = await client.execute(
                ENTITIES, {"reps": [{"__typename": "Talent", "id": gid}]}, as_user="changan_admin"
            )
            answers.append((body["data"], error_codes(body)))
    assert answers[0] == answers[1]
    assert answers[0][1] == ["NOT_FOUND"]


async def test_visible_talent_resolves_through_node_and_entities(client: GraphQLClient) -> None:
    mine = await Talent.filter(jurisdiction_id="130102").first()
    gid = encode_id("Talent", mine.id)
    node = await client.data(NODE, {"id": gid}, as_user="changan_admin")
    assert node["node"]["name"] == mine.name
    ents = await client.data(
        ENTITIES, {"reps": [{"__typename": "Talent", "id": gid}]}, as_user="sjz_admin"
    )
    assert ents["_entities"][0]["idNumber"] == mine.id_number


async def test_nested_card_holder_goes_through_scope(client: GraphQLClient) -> None:
    """A card reached through `nodes` cannot open a talent outside the caller's scope."""
    data = await client.data(
        "{ cards(first: 100) { edges { node { holder { jurisdiction { code } } } } } }",
        as_user="zhengding_admin",
    )
    holders = [e["node"]["holder"] for e in data["cards"]["edges"]]
    assert holders and all(h["jurisdiction"]["code"] == "130123" for h in holders)


async def test_filters_and_keyset_pages_cover_the_list_once(client: GraphQLClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        data = await client.data(
            """query($after: String) { talents(first: 7, after: $after,
                 orderBy: [{field: NAME, direction: DESC}]) {
                 pageInfo { hasNextPage endCursor } edges { node { id name } } } }""",
            {"after": after},
            as_user="changan_admin",
        )
        conn = data["talents"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == await _count_in("130102")


async def test_oversized_page_and_bad_cursor_are_coded_errors(client: GraphQLClient) -> None:
    body = await client.execute(TALENTS, {"first": 101}, as_user="sjz_admin")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]
    body = await client.execute(
        "{ talents(first: 5, after: \"bm9wZQ\") { totalCount } }", as_user="sjz_admin"
    )
    assert error_codes(body) == ["VALIDATION"]
    body = await client.execute("{ talents(first: \"ten\") { totalCount } }", as_user="sjz_admin")
    assert error_codes(body) == ["VALIDATION"]
