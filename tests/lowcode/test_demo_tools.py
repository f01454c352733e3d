"""The demo's tools: 石家庄's template, 长安区's clone of it and the window's daily board —
valid against today's schema, seen by whom they are meant for, runnable by their hashes."""

from __future__ import annotations

from resolvers.lowcode.document import check_document
from schema.build import build_schema
from schema.models import Tool
from schema.models.enums import ToolStatus
from tests.lowcode.documents import LIST, ONE
from tests.lowcode.test_trusted import _codes, _run
from tests.support.graphql import GraphQLClient


async def _ids(client: GraphQLClient, user: str) -> dict[str, str]:
    listed = await client.data(LIST, as_user=user)
    return {e["node"]["name"]: e["node"]["id"] for e in listed["tools"]["edges"]}


async def test_demo_tools_fit_the_schema_and_reach_their_users(client: GraphQLClient) -> None:
    tools = await Tool.filter(status=ToolStatus.PUBLISHED).order_by("id")
    assert [t.key for t in tools] == ["sjz-key-talents", "changan-key-talents", "changan-window-daily"]
    for tool in tools:
        assert check_document(build_schema()._schema, tool.document) == [], tool.key
    every = {"重点人才服务台账", "长安区重点人才服务台账", "长安区窗口每日看板"}
    assert set(await _ids(client, "changan_admin")) == set(await _ids(client, "changan_window")) == every
    assert set(await _ids(client, "zhengding_admin")) == {"重点人才服务台账"}  # the template, to clone
    ids = await _ids(client, "changan_admin")
    clone = (await client.data(ONE, {"id": ids["长安区重点人才服务台账"]}, as_user="changan_admin"))["tool"]
    assert clone["template"]["id"] == ids["重点人才服务台账"] and clone["templateUpdateAvailable"] is False

    board_id = (await _ids(client, "changan_window"))["长安区窗口每日看板"]
    board = (await client.data(ONE, {"id": board_id}, as_user="changan_window"))["tool"]
    for operation in board["trustedOperations"]:
        ran = await _run(client, "changan_window", board_id, operation["sha256"])
        assert _codes(ran) in ([], ["FORBIDDEN"]), (operation["path"], ran)
