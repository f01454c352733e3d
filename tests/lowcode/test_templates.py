"""Templates and files: a city's template cloned into a county, the county told of the
template's next version; a tool exported and imported elsewhere unchanged."""

from __future__ import annotations

from schema.models import Notification, Tool, User
from tests.lowcode.documents import CLONE, EXPORT, IMPORT, ONE, UPDATE, talent_ledger
from tests.lowcode.test_tools import _create, _publish
from tests.support.graphql import GraphQLClient


async def _clone(client: GraphQLClient, template_id: str, code: str) -> dict:
    variables = {"input": {"templateId": template_id, "jurisdictionCode": code}}
    return await client.data(CLONE, variables, as_user="changan_admin")


async def test_a_county_clones_a_city_template_and_hears_of_its_next_version(client: GraphQLClient) -> None:
    template = await _create(client, "sjz_admin", isTemplate=True, roles=["window_specialist"])
    await _publish(client, "sjz_admin", template["id"])
    cloned = await _clone(client, template["id"], "130102")
    clone = cloned["cloneTool"]["tool"]
    assert cloned["cloneTool"]["userErrors"] == []
    assert (clone["status"], clone["jurisdiction"]["code"]) == ("DRAFT", "130102")
    assert clone["templateVersion"] == 1
    assert clone["template"]["id"] == template["id"] and clone["document"] == template["document"]
    assert clone["templateUpdateAvailable"] is False and clone["key"] != template["key"]
    elsewhere = await _clone(client, template["id"], "370102")
    assert elsewhere["cloneTool"]["userErrors"][0]["code"] == "VALIDATION"
    county_template = await _clone(client, clone["id"], "130102")
    assert county_template["cloneTool"]["userErrors"][0]["code"] == "INVALID_STATE"

    changan = await User.get(username="changan_admin")
    before = await Notification.filter(recipient_id=changan.id, related_type="tool").count()
    document = talent_ledger()
    document["pages"][0]["title"] = "重点人才（市级第二版）"
    changes = {"input": {"id": template["id"], "document": document}}
    updated = await client.data(UPDATE, changes, as_user="sjz_admin")
    await _publish(client, "sjz_admin", updated["updateTool"]["tool"]["id"])
    told = await Notification.filter(recipient_id=changan.id, related_type="tool").count()
    assert told == before + 1
    seen = await client.data(ONE, {"id": clone["id"]}, as_user="changan_admin")
    assert seen["tool"]["templateUpdateAvailable"] is True
    assert (seen["tool"]["template"]["version"], seen["tool"]["templateVersion"]) == (2, 1)


async def test_export_and_import_round_trip_keeps_the_document(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin", roles=["window_specialist", "county_admin"])
    exported = await client.data(EXPORT, {"input": {"id": tool["id"]}}, as_user="changan_admin")
    file = exported["exportTool"]["file"]
    assert file["format"] == "talentgate.tool" and file["version"] == 1 and file["name"] == "重点人才台账"
    imported = await client.data(IMPORT, {"input": {"file": file}}, as_user="zhengding_admin")
    copy = imported["importTool"]["tool"]
    assert imported["importTool"]["userErrors"] == []
    assert (copy["jurisdiction"]["code"], copy["status"], copy["version"]) == ("130123", "DRAFT", 1)
    assert copy["roles"] == ["county_admin", "window_specialist"]
    again = await client.data(EXPORT, {"input": {"id": copy["id"]}}, as_user="zhengding_admin")
    assert again["exportTool"]["file"] == file
    broken = {**file, "document": {"format": 1, "pages": []}}
    refused = await client.data(IMPORT, {"input": {"file": broken}}, as_user="zhengding_admin")
    assert refused["importTool"]["userErrors"][0]["field"] == "document.pages"
    foreign = await client.data(IMPORT, {"input": {"file": {"name": "x"}}}, as_user="zhengding_admin")
    assert foreign["importTool"]["userErrors"][0]["field"] == "file"
    assert await Tool.filter(jurisdiction_id="130123").count() == 1
    outsider = await client.data(EXPORT, {"input": {"id": tool["id"]}}, as_user="zhengding_admin")
    assert outsider["exportTool"]["userErrors"][0]["code"] == "NOT_FOUND"
