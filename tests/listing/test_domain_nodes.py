"""Tools, custom-field definitions and saved views are Relay nodes: `node(id)` and
`nodes(ids)` reach them through their domains' own scope rules, and one the caller may
not see answers exactly like one that does not exist."""

from __future__ import annotations

from typing import Any

from resolvers.core.ids import encode_id
from resolvers.listing.nodes import node_type_names
from schema.api.nodes import NODE_TYPES
from schema.build import build_schema
from tests.customfields.support import define
from tests.lowcode.test_tools import _create, _publish
from tests.savedviews.support import save, share
from tests.support.graphql import GraphQLClient

NODE = """query($id: ID!) { node(id: $id) {
  id __typename
  ... on Tool { name status jurisdiction { code } }
  ... on CustomFieldDefinition { key jurisdiction { code } }
  ... on SavedView { name owner mine }
} }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }"
POLICY = """mutation($input: PolicyInput!) {{
  {0}(input: $input) {{ policy {{ role }} userErrors {{ field code }} }} }}"""


async def _same_as_missing(client: GraphQLClient, hidden: str, missing: str, user: str) -> dict[str, Any]:
    """`node` of a hidden record answers as `node` of a missing one does, NOT_FOUND."""
    seen = await client.execute(NODE, {"id": hidden}, as_user=user)
    absent = await client.execute(NODE, {"id": missing}, as_user=user)
    assert seen == absent, (seen, absent)
    assert [e["extensions"]["code"] for e in seen["errors"]] == ["NOT_FOUND"]
    listed = await client.data(NODES, {"ids": [hidden, missing]}, as_user=user)
    assert listed["nodes"] == [None, None]
    return seen


def test_every_node_type_of_the_schema_is_dispatched() -> None:
    graphql = build_schema()._schema
    implementers = {t.name for t in graphql.get_possible_types(graphql.type_map["Node"])}
    assert implementers == set(NODE_TYPES) == node_type_names()
    assert {"Tool", "CustomFieldDefinition", "SavedView"} <= implementers


async def test_a_tool_is_a_node_for_those_who_may_open_it(client: GraphQLClient) -> None:
    draft = await _create(client, "changan_admin", roles=["window_specialist"])
    node = (await client.data(NODE, {"id": draft["id"]}, as_user="changan_admin"))["node"]
    assert node == {"id": draft["id"], "__typename": "Tool", "name": draft["name"], "status": "DRAFT",
                    "jurisdiction": {"code": "130102"}}  # fmt: skip
    missing = encode_id("Tool", 999_999)
    # a draft is its office's alone: not the county's window, nor the next county's office
    for user in ("changan_window", "zhengding_admin"):
        await _same_as_missing(client, draft["id"], missing, user)
    published = await _publish(client, "changan_admin", draft["id"])
    seen = await client.data(NODES, {"ids": [published["id"], missing]}, as_user="changan_window")
    assert seen["nodes"] == [{"id": published["id"], "__typename": "Tool"}, None]
    await _same_as_missing(client, published["id"], missing, "zhengding_admin")


async def test_a_custom_field_definition_is_a_node_where_it_may_be_read(client: GraphQLClient) -> None:
    county = await define(client, "changan_admin", jurisdictionCode="130102", key="score", label="评分",
                          kind="NUMBER")  # fmt: skip
    city = await define(client, "sjz_admin", jurisdictionCode="130100", key="met", label="走访",
                        kind="BOOLEAN")  # fmt: skip
    other = await define(client, "zhengding_admin", jurisdictionCode="130123", key="zd", label="正定",
                         kind="TEXT")  # fmt: skip
    # reference data under the default policy: anyone signed in reads every definition
    node = (await client.data(NODE, {"id": county["id"]}, as_user="changan_window"))["node"]
    assert node == {"id": county["id"], "__typename": "CustomFieldDefinition", "key": "score",
                    "jurisdiction": {"code": "130102"}}  # fmt: skip
    # a policy that gives it to the county offices alone: their county's and those above
    public = {"role": "authenticated", "resource": "custom_field", "action": "read"}
    offices = {"role": "county_admin", "resource": "custom_field", "action": "read"}
    removed = await client.data(POLICY.format("removePolicy"), {"input": public}, as_user="platform_ops")
    assert removed["removePolicy"]["userErrors"] == []
    added = await client.data(POLICY.format("addPolicy"), {"input": offices}, as_user="platform_ops")
    assert added["addPolicy"]["userErrors"] == []
    seen = await client.data(NODES, {"ids": [county["id"], city["id"], other["id"]]}, as_user="changan_admin")
    assert [n and n["id"] for n in seen["nodes"]] == [county["id"], city["id"], None]
    missing = encode_id("CustomFieldDefinition", 999_999)
    await _same_as_missing(client, other["id"], missing, "changan_admin")
    await _same_as_missing(client, county["id"], missing, "changan_window")


async def test_a_saved_view_is_a_node_for_its_owner_and_those_it_is_shared_with(
    client: GraphQLClient,
) -> None:
    view = await save(client, "sjz_admin", name="全市重点人才")
    node = (await client.data(NODE, {"id": view["id"]}, as_user="sjz_admin"))["node"]
    assert node == {"id": view["id"], "__typename": "SavedView", "name": "全市重点人才", "owner": "sjz_admin",
                    "mine": True}  # fmt: skip
    missing = encode_id("SavedView", 999_999)
    await _same_as_missing(client, view["id"], missing, "changan_admin")
    assert (await share(client, "sjz_admin", view["id"], "county_admin", "130100"))["userErrors"] == []
    shared = (await client.data(NODE, {"id": view["id"]}, as_user="changan_admin"))["node"]
    assert (shared["name"], shared["owner"], shared["mine"]) == ("全市重点人才", "sjz_admin", False)
    await _same_as_missing(client, view["id"], missing, "changan_window")  # not its role
    await _same_as_missing(client, view["id"], missing, "jinan_admin")  # not its place
