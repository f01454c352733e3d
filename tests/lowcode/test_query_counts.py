"""SQL statements of a page of tools do not grow with the number of tools: a tool's
template, its template's news, its trusted operations and its places load through
DataLoaders, one query per nested field for the whole page."""

from __future__ import annotations

import secrets

from resolvers.core.ids import decode_int_id
from schema.models import Tool, ToolOperation
from schema.models.enums import ToolStatus
from tests.lowcode.documents import UPDATE, talent_ledger
from tests.lowcode.test_templates import _clone
from tests.lowcode.test_tools import _create, _publish
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

PAGE = """{ tools(first: 50) { nodes {
  template { id } templateUpdateAvailable trustedOperations { sha256 } jurisdiction { name }
} } }"""


async def _more_clones(template: Tool, count: int) -> None:
    """`count` more published clones of `template` in 长安区, each with its operations."""
    for i in range(count):
        clone = await Tool.create(
            key=f"clone{secrets.token_hex(6)}", name=f"台账{i}", jurisdiction_id="130102", owner_id="130102",
            roles=",window_specialist,", status=ToolStatus.PUBLISHED, document=template.document,
            template_key=template.key, template_version=1, created_by="changan_admin",
        )  # fmt: skip
        for op in await ToolOperation.filter(tool_id=template.id):
            await ToolOperation.create(tool_id=clone.id, sha256=op.sha256, text=op.text, path=op.path)


async def _statements(client: GraphQLClient, query_counter: QueryCounter) -> tuple[int, list[dict]]:
    await client.data(PAGE, as_user="changan_admin")  # warm the policy cache
    with query_counter.capture() as q:
        data = await client.data(PAGE, as_user="changan_admin")
    return q.count, data["tools"]["nodes"]


async def test_a_page_of_tools_costs_the_same_statements_however_many_tools(
    client: GraphQLClient, query_counter: QueryCounter
) -> None:
    made = await _create(client, "sjz_admin", isTemplate=True)
    await _publish(client, "sjz_admin", made["id"])
    cloned = (await _clone(client, made["id"], "130102"))["cloneTool"]["tool"]
    await _publish(client, "changan_admin", cloned["id"])
    document = talent_ledger()
    document["pages"][0]["title"] = "重点人才（第二版）"
    changes = {"input": {"id": made["id"], "document": document}}
    second_id = (await client.data(UPDATE, changes, as_user="sjz_admin"))["updateTool"]["tool"]["id"]
    await _publish(client, "sjz_admin", second_id)
    template = await Tool.get(id=decode_int_id(second_id, "Tool"))
    assert template is not None and template.version == 2

    await _more_clones(template, 1)
    few, nodes = await _statements(client, query_counter)
    assert len(nodes) >= 2
    await _more_clones(template, 10)
    many, nodes = await _statements(client, query_counter)
    assert len(nodes) >= 12
    clones = [n for n in nodes if n["template"] == {"id": second_id}]
    assert len(clones) == 12 and all(n["templateUpdateAvailable"] and n["trustedOperations"] for n in clones)
    assert all(n["jurisdiction"] == {"name": "长安区"} for n in nodes if n["template"])
    assert few == many, (few, many)
    # principal (user, grants) 2, the page 1, then one per nested field: operations,
    # jurisdictions, templates, their latest versions — 7 (it was 16 for 6 tools, 46 for 16)
    assert many <= 8, many
