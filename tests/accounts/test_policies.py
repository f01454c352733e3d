"""Policies are data: the deployment's operator changes them through the API and every
process sees the change."""

from __future__ import annotations

from schema.models import AuditEvent
from tests.support.graphql import GraphQLClient

REMOVE = """mutation($input: PolicyInput!) {
  removePolicy(input: $input) { policy { role resource action } userErrors { field code } } }"""
ADD = """mutation($input: PolicyInput!) {
  addPolicy(input: $input) { policy { role resource action } userErrors { field code } } }"""
IDS = "{ talents(first: 3) { edges { node { idNumber } } } }"
PII = {"role": "county_admin", "resource": "talent", "action": "pii:read"}


async def _masked(client: GraphQLClient) -> bool:
    data = await client.data(IDS, as_user="changan_admin")
    return all("*" in e["node"]["idNumber"] for e in data["talents"]["edges"])


async def test_withdrawing_pii_read_masks_at_once_and_restoring_unmasks(
    client: GraphQLClient,
) -> None:
    assert not await _masked(client)
    removed = await client.data(REMOVE, {"input": PII}, as_user="platform_ops")
    assert removed["removePolicy"]["userErrors"] == []
    assert await _masked(client)
    await client.data(ADD, {"input": PII}, as_user="platform_ops")
    assert not await _masked(client)
    ops = await AuditEvent.filter(target_type="policy").values_list("operation", flat=True)
    assert sorted(ops) == ["addPolicy", "removePolicy"]


async def test_only_the_operator_manages_policies(client: GraphQLClient) -> None:
    for office in ("sjz_admin", "hebei_admin"):
        data = await client.data(REMOVE, {"input": PII}, as_user=office)
        assert data["removePolicy"]["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    listed = await client.execute("{ policies { role } }", as_user="sjz_admin")
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await client.data("{ policies { role } }", as_user="hebei_admin"))["policies"]
    assert not await _masked(client)


async def test_bad_policy_lines_are_refused(client: GraphQLClient) -> None:
    data = await client.data(
        ADD, {"input": {"role": "king", "resource": "castle", "action": "storm"}}, as_user="platform_ops"
    )
    assert {e["field"] for e in data["addPolicy"]["userErrors"]} == {"role", "resource", "action"}
    data = await client.data(ADD, {"input": PII}, as_user="platform_ops")
    assert data["addPolicy"]["userErrors"] == [{"field": "action", "code": "CONFLICT"}]
    data = await client.data(
        REMOVE, {"input": {"role": "platform_admin", "resource": "policy", "action": "admin"}},
        as_user="platform_ops",
    )  # fmt: skip
    assert data["removePolicy"]["userErrors"] == [{"field": "resource", "code": "INVALID_STATE"}]
