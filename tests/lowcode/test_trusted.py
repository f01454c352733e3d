"""Trusted documents: a published tool runs only its registered operations, with the
viewer's own credential — a city's tool over talents shows a county clerk their county and
a handler nothing of talents."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tests.lowcode.documents import TALENTS_OPERATION
from tests.lowcode.test_tools import _create, _publish
from tests.support.graphql import GraphQLClient


async def _run(client: GraphQLClient, user: str, tool_id: str, sha: str, query: str | None = None) -> Any:
    token = client.tokens.get(user) or await client.login(user)
    persisted = {"version": 1, "sha256Hash": sha}
    body: dict[str, Any] = {"extensions": {"persistedQuery": persisted, "toolId": tool_id}}
    if query is not None:
        body["query"] = query
    response = await client.http.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_a_published_tool_runs_only_its_registered_operations(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin", roles=["window_specialist"])
    sha = hashlib.sha256(TALENTS_OPERATION.encode()).hexdigest()
    assert _codes(await _run(client, "changan_window", tool["id"], sha)) == ["NOT_FOUND"]  # a draft
    published = await _publish(client, "changan_admin", tool["id"])
    assert published["trustedOperations"] == [{"path": "pages[0].blocks[1].operation", "sha256": sha}]
    ran = await _run(client, "changan_window", tool["id"], sha)
    assert "errors" not in ran and ran["data"]["talents"]["totalCount"] > 0
    assert _codes(await _run(client, "changan_window", tool["id"], "0" * 64)) == ["NOT_FOUND"]
    other = await _create(client, "changan_admin", name="另一个工具", roles=["window_specialist"],
                          document=_other_document())  # fmt: skip
    await _publish(client, "changan_admin", other["id"])
    other_sha = hashlib.sha256(OTHER.encode()).hexdigest()
    assert "errors" not in await _run(client, "changan_window", other["id"], other_sha)
    assert _codes(await _run(client, "changan_window", tool["id"], other_sha)) == ["NOT_FOUND"]
    swapped = await _run(client, "changan_window", tool["id"], sha, query="query { me { username } }")
    assert _codes(swapped) == ["NOT_FOUND"]
    assert _codes(await _run(client, "zhengding_admin", tool["id"], sha)) == ["NOT_FOUND"]
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha}, "toolId": tool["id"]})
    cached = await client.get("/graphql", params={"extensions": extensions}, as_user="changan_window")
    assert cached.status_code == 200 and cached.json()["data"]["talents"]["totalCount"] > 0


OTHER = "query Me { me { username } }"


def _other_document() -> dict[str, Any]:
    return {"format": 1, "pages": [{"key": "p", "title": "我", "blocks": [
        {"key": "me", "type": "stat", "value": "me.username", "operation": OTHER}]}]}  # fmt: skip


async def test_a_city_tool_shows_each_viewer_only_what_they_may_see(client: GraphQLClient) -> None:
    tool = await _create(client, "sjz_admin", roles=["window_specialist", "handler"])
    await _publish(client, "sjz_admin", tool["id"])
    sha = hashlib.sha256(TALENTS_OPERATION.encode()).hexdigest()
    city = await _run(client, "sjz_admin", tool["id"], sha)
    county = await _run(client, "changan_window", tool["id"], sha)
    codes = {e["node"]["jurisdiction"]["code"] for e in county["data"]["talents"]["edges"]}
    assert codes == {"130102"}
    assert county["data"]["talents"]["totalCount"] < city["data"]["talents"]["totalCount"]
    handler = await _run(client, "sjz_police_handler", tool["id"], sha)
    talents = (handler.get("data") or {}).get("talents")
    assert _codes(handler) == ["FORBIDDEN"] or (talents is not None and talents["totalCount"] == 0), handler
