"""A tool's life: draft → published → new version → retired, every change audited; who
may open it; bad documents refused with the bad field's path, nothing written."""

from __future__ import annotations

from schema.models import AuditEvent, Tool
from schema.models.enums import ToolStatus
from tests.lowcode.documents import (
    CREATE,
    LIST,
    ONE,
    PUBLISH,
    RETIRE,
    UPDATE,
    talent_ledger,
)
from tests.support.graphql import GraphQLClient, error_codes


async def _create(client: GraphQLClient, user: str, **overrides: object) -> dict:
    tool_input = {"name": "重点人才台账", "document": talent_ledger(), "roles": ["window_specialist"],
                  **overrides}  # fmt: skip
    data = await client.data(CREATE, {"input": tool_input}, as_user=user)
    assert data["createTool"]["userErrors"] == [], data
    return data["createTool"]["tool"]


async def _publish(client: GraphQLClient, user: str, gid: str) -> dict:
    data = await client.data(PUBLISH, {"input": {"id": gid}}, as_user=user)
    assert data["publishTool"]["userErrors"] == [], data
    return data["publishTool"]["tool"]


async def test_tool_walks_draft_publish_version_retire(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin")
    assert (tool["status"], tool["version"], tool["jurisdiction"]["code"]) == ("DRAFT", 1, "130102")
    assert tool["owner"] == {"code": "130102"} and tool["roles"] == ["window_specialist"]
    published = await _publish(client, "changan_admin", tool["id"])
    assert published["status"] == "PUBLISHED"
    changed = talent_ledger()
    changed["pages"][0]["title"] = "重点人才（第二版）"
    changes = {"input": {"id": tool["id"], "document": changed}}
    data = await client.data(UPDATE, changes, as_user="changan_admin")
    draft = data["updateTool"]["tool"]
    assert (draft["version"], draft["status"], draft["key"]) == (2, "DRAFT", tool["key"])
    await _publish(client, "changan_admin", draft["id"])
    versions = await Tool.filter(key=tool["key"]).order_by("version")
    assert [v.status for v in versions] == [ToolStatus.RETIRED, ToolStatus.PUBLISHED]
    assert versions[1].document["pages"][0]["title"] == "重点人才（第二版）"
    retired = await client.data(RETIRE, {"input": {"id": draft["id"]}}, as_user="changan_admin")
    assert retired["retireTool"]["tool"]["status"] == "RETIRED"
    again = await client.data(RETIRE, {"input": {"id": draft["id"]}}, as_user="changan_admin")
    assert again["retireTool"]["userErrors"][0]["code"] == "INVALID_STATE"
    ops = await AuditEvent.filter(target_type="tool").values_list("operation", flat=True)
    assert sorted(ops) == sorted(["createTool", "publishTool", "updateTool", "publishTool", "retireTool"])


async def test_tools_are_seen_by_offices_above_and_the_roles_given_them_only(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin")
    body = await client.execute(ONE, {"id": tool["id"]}, as_user="changan_window")
    assert error_codes(body) == ["NOT_FOUND"]  # a draft is for the office
    await _publish(client, "changan_admin", tool["id"])
    for user in ("changan_admin", "sjz_admin", "hebei_admin", "changan_window"):
        seen = await client.data(ONE, {"id": tool["id"]}, as_user=user)
        assert seen["tool"]["name"] == "重点人才台账", user
        listed = await client.data(LIST, as_user=user)
        assert tool["id"] in [e["node"]["id"] for e in listed["tools"]["edges"]], user
    for user in ("zhengding_admin", "jinan_admin", "sjz_police_handler", "talent_demo"):
        body = await client.execute(ONE, {"id": tool["id"]}, as_user=user)
        assert error_codes(body) == ["NOT_FOUND"], (user, body)
        listed = await client.execute(LIST, as_user=user)
        nodes = [e["node"]["id"] for e in ((listed.get("data") or {}).get("tools") or {}).get("edges", [])]
        assert tool["id"] not in nodes, user
    refused = await client.data(PUBLISH, {"input": {"id": tool["id"]}}, as_user="zhengding_admin")
    assert refused["publishTool"]["userErrors"][0]["code"] == "NOT_FOUND"
    rename = {"input": {"id": tool["id"], "name": "改名"}}
    window = await client.data(UPDATE, rename, as_user="changan_window")
    assert window["updateTool"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_a_handler_given_a_city_tool_may_open_it(client: GraphQLClient) -> None:
    tool = await _create(client, "sjz_admin", roles=["handler", "window_specialist"])
    await _publish(client, "sjz_admin", tool["id"])
    for user in ("sjz_police_handler", "changan_window"):
        seen = await client.data(ONE, {"id": tool["id"]}, as_user=user)
        assert seen["tool"]["jurisdiction"]["code"] == "130100", user
    body = await client.execute(ONE, {"id": tool["id"]}, as_user="zhengding_admin")
    assert error_codes(body) == ["NOT_FOUND"]  # a county office does not manage its city's tools


async def test_documents_off_the_json_schema_are_refused_with_their_path(client: GraphQLClient) -> None:
    bad = talent_ledger()
    del bad["pages"][0]["blocks"][1]["columns"]
    bad["pages"][0]["blocks"][1]["pageSize"] = 1000
    data = await client.data(CREATE, {"input": {"name": "坏工具", "document": bad, "roles": []}},
                             as_user="changan_admin")  # fmt: skip
    errors = data["createTool"]["userErrors"]
    assert data["createTool"]["tool"] is None
    assert {e["code"] for e in errors} == {"VALIDATION"}
    fields = {e["field"] for e in errors}
    assert {"document.pages[0].blocks[1]", "document.pages[0].blocks[1].pageSize"} <= fields, errors
    linked = talent_ledger()
    linked["pages"][0]["links"] = [{"from": "ledger", "to": "details", "variables": {"talentId": "id"}}]
    data = await client.data(CREATE, {"input": {"name": "坏工具", "document": linked, "roles": []}},
                             as_user="changan_admin")  # fmt: skip
    assert [e["field"] for e in data["createTool"]["userErrors"]] == ["document.pages[0].links[0].to"]
    operator = {"input": {"name": "坏工具", "document": talent_ledger(), "roles": ["platform_admin"]}}
    unknown = await client.data(CREATE, operator, as_user="changan_admin")
    assert unknown["createTool"]["userErrors"][0]["field"] == "roles"
    assert not await Tool.filter(name="坏工具").exists()


async def test_operations_off_the_live_schema_are_refused_with_the_bad_field(client: GraphQLClient) -> None:
    bad = talent_ledger("query { talents(first: 5) { edges { node { id nonexistentField } } } }")
    data = await client.data(CREATE, {"input": {"name": "坏工具", "document": bad, "roles": []}},
                             as_user="changan_admin")  # fmt: skip
    [error] = data["createTool"]["userErrors"]
    assert (error["field"], error["code"]) == ("document.pages[0].blocks[1].operation", "VALIDATION")
    assert "Talent.nonexistentField" in error["message"] and "Talent.nonexistentField" in error["messageEn"]
    mutation = talent_ledger("mutation { logout }")
    data = await client.data(CREATE, {"input": {"name": "坏工具", "document": mutation, "roles": []}},
                             as_user="changan_admin")  # fmt: skip
    assert data["createTool"]["userErrors"][0]["field"] == "document.pages[0].blocks[1].operation"
    assert not await Tool.filter(name="坏工具").exists()
    good = await _create(client, "changan_admin")
    data = await client.data(UPDATE, {"input": {"id": good["id"], "document": bad}}, as_user="changan_admin")
    assert data["updateTool"]["userErrors"][0]["field"] == "document.pages[0].blocks[1].operation"
    stored = await Tool.get(key=good["key"])
    assert stored.document == talent_ledger()


async def test_the_json_schema_is_served_for_the_console(client: GraphQLClient) -> None:
    response = await client.get("/console/tool.schema.json")
    assert response.status_code == 200
    assert response.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
