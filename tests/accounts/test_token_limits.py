"""API tokens for outside builders: `readOnly` (queries only) and `operations` (only the
GraphQL operations named) — refused with a coded error before anything runs, and nothing
changes; over POST, GET and a published tool's trusted documents alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from resolvers.core.ids import encode_id
from schema.clock import china_today
from schema.models import ApiToken, AuditEvent, Talent
from tests.lowcode.documents import TALENTS_OPERATION
from tests.lowcode.test_tools import _create, _publish
from tests.support.graphql import GraphQLClient, error_codes

CREATE = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    token apiToken { id readOnly operations } userErrors { field code message }
  }
}"""
UPDATE = """mutation Update($input: UpdateTalentInput!) {
  updateTalent(input: $input) { talent { education } userErrors { field code } }
}"""
COUNT = "query Count { talents(first: 1) { totalCount } }"


async def _token(client: GraphQLClient, role: str = "county_admin", scope: str = "jur:130102",
                 who: str = "changan_admin", **limits: Any) -> dict[str, Any]:  # fmt: skip
    expires = (china_today() + dt.timedelta(days=30)).isoformat()
    data = await client.data(CREATE, {"input": {"name": "外部工具", "role": role, "scope": scope,
                                                "expiresOn": expires, **limits}}, as_user=who)  # fmt: skip
    return data["createApiToken"]


async def test_a_read_only_token_runs_queries_and_no_mutation(client: GraphQLClient) -> None:
    made = await _token(client, readOnly=True)
    assert made["userErrors"] == [] and made["apiToken"]["readOnly"] is True
    assert made["apiToken"]["operations"] is None
    token = made["token"]
    assert (await client.data(COUNT, token=token))["talents"]["totalCount"] > 0
    talent = await Talent.filter(jurisdiction_id="130102").first()
    gid = encode_id("Talent", talent.id)
    audited = await AuditEvent.filter(operation="updateTalent").count()
    body = await client.execute(UPDATE, {"input": {"id": gid, "education": "博士研究生"}}, token=token)
    assert error_codes(body) == ["FORBIDDEN"] and body["data"] is None
    assert "read-only" in body["errors"][0]["extensions"]["messageEn"]
    assert (await Talent.get(id=talent.id)).education == talent.education  # nothing changed
    assert await AuditEvent.filter(operation="updateTalent").count() == audited
    # The same grant without the limit may write: it is the limit that refused.
    writer = (await _token(client))["token"]
    done = await client.data(UPDATE, {"input": {"id": gid, "education": "博士研究生"}}, token=writer)
    assert done["updateTalent"]["userErrors"] == []
    # The limit is on the row and in the audit trail of the token's creation.
    row = await ApiToken.get(read_only=True)
    assert row.read_only and row.operations is None
    event = await AuditEvent.filter(operation="createApiToken", target_id=str(row.id)).first()
    assert event is not None and event.after["read_only"] is True


async def test_a_token_limited_to_named_operations_runs_only_those(client: GraphQLClient) -> None:
    made = await _token(client, operations=["Count", "Me"])
    assert made["userErrors"] == [] and made["apiToken"]["operations"] == ["Count", "Me"]
    assert made["apiToken"]["readOnly"] is False
    token = made["token"]
    assert (await client.data(COUNT, token=token))["talents"]["totalCount"] > 0
    other = await client.execute("query Other { talents(first: 1) { totalCount } }", token=token)
    assert error_codes(other) == ["FORBIDDEN"] and other["data"] is None
    assert other["errors"][0]["extensions"]["field"] == "operationName"
    anonymous = await client.execute("{ talents(first: 1) { totalCount } }", token=token)
    assert error_codes(anonymous) == ["FORBIDDEN"] and anonymous["data"] is None
    # A document of several operations runs the one named by operationName, checked as such.
    both = "query Count { talents(first: 1) { totalCount } } query Other { me { username } }"
    ran = await client.http.post("/graphql", json={"query": both, "operationName": "Count"},
                                 headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert ran.json()["data"]["talents"]["totalCount"] > 0
    refused = await client.http.post("/graphql", json={"query": both, "operationName": "Other"},
                                     headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert error_codes(refused.json()) == ["FORBIDDEN"]
    # A listed mutation may run (no readOnly); an unlisted one is refused before it runs.
    talent = await Talent.filter(jurisdiction_id="130102").first()
    body = await client.execute(UPDATE, {"input": {"id": encode_id("Talent", talent.id), "education": "x"}},
                                token=token)  # fmt: skip
    assert error_codes(body) == ["FORBIDDEN"]
    assert (await Talent.get(id=talent.id)).education == talent.education


async def test_limits_hold_over_get_and_for_trusted_documents(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin")
    await _publish(client, "changan_admin", tool["id"])
    sha = hashlib.sha256(TALENTS_OPERATION.encode()).hexdigest()
    name = "KeyTalents"  # the tool's operation
    assert TALENTS_OPERATION.startswith(f"query {name} ")
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha}, "toolId": tool["id"]})
    limited = (await _token(client, operations=["Count"], readOnly=True))["token"]
    allowed = (await _token(client, operations=[name, "Count"], readOnly=True))["token"]

    async def get(token: str, **params: str) -> dict[str, Any]:
        auth = {"Authorization": f"Bearer {token}"}
        return (await client.http.get("/graphql", params=params, headers=auth)).json()

    assert (await get(limited, query=COUNT))["data"]["talents"]["totalCount"] > 0
    assert error_codes(await get(limited, query="{ me { username } }")) == ["FORBIDDEN"]
    assert error_codes(await get(limited, extensions=extensions)) == ["FORBIDDEN"]
    assert (await get(allowed, extensions=extensions))["data"]["talents"]["totalCount"] > 0


async def test_bad_limits_are_coded_user_errors_and_make_no_token(client: GraphQLClient) -> None:
    before = await ApiToken.all().count()
    cases = {
        "operations.1": ["Good", "not-a-name"],
        "operations.0": ["1abc"],
        "operations": [],
    }
    for field, names in cases.items():
        made = await _token(client, operations=names)
        assert made["token"] is None and [(e["field"], e["code"]) for e in made["userErrors"]] == [
            (field, "VALIDATION")
        ], names
    too_many = await _token(client, operations=[f"Op{i}" for i in range(51)])
    assert [(e["field"], e["code"]) for e in too_many["userErrors"]] == [("operations", "VALIDATION")]
    assert await ApiToken.all().count() == before
    fifty = await _token(client, operations=[f"Op{i}" for i in range(50)] + ["Op0"])
    assert fifty["userErrors"] == [] and len(fifty["apiToken"]["operations"]) == 50


async def test_a_limited_token_cannot_upload_an_import(client: GraphQLClient) -> None:
    token = (await _token(client, readOnly=True))["token"]
    response = await client.http.post("/imports/talents?mode=ALL_OR_NOTHING", content=b"PK\x03\x04",
                                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
