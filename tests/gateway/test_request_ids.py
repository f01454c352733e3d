"""One id per request: the response's X-Request-Id is the one the audit trail records."""

from __future__ import annotations

from schema.models import AuditEvent
from tests.support.graphql import LOGIN, GraphQLClient


async def _login(client: GraphQLClient, headers: dict[str, str]) -> str:
    response = await client.http.post(
        "/graphql", json={"query": LOGIN, "variables": {"u": "changan_window", "p": "wrong"}},
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return response.headers["x-request-id"]


async def test_an_assigned_request_id_is_the_one_the_audit_trail_records(client: GraphQLClient) -> None:
    assigned = await _login(client, {})
    assert len(assigned) == 32
    recorded = await AuditEvent.filter(operation="loginFailed").values_list("request_id", flat=True)
    assert recorded == [assigned]


async def test_a_client_request_id_is_echoed_and_recorded_cut_to_64_characters(client: GraphQLClient) -> None:
    sent = "trace-" + "x" * 100
    echoed = await _login(client, {"X-Request-Id": sent})
    assert echoed == sent[:64]
    recorded = await AuditEvent.filter(operation="loginFailed").values_list("request_id", flat=True)
    assert recorded == [sent[:64]]
