"""Queries the custom-field tests share."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient

CREATE = """mutation($input: CreateCustomFieldInput!) {
  createCustomField(input: $input) {
    customField { id type key label kind options required personal status jurisdiction { code } }
    userErrors { field code message }
  }
}"""
UPDATE = """mutation($input: UpdateCustomFieldInput!) {
  updateCustomField(input: $input) {
    customField { id label options required personal }
    userErrors { field code }
  }
}"""
RETIRE = """mutation($input: RetireCustomFieldInput!) {
  retireCustomField(input: $input) { customField { id status } userErrors { field code } }
}"""
DEFINITIONS = """query($type: String!, $code: String!) {
  customFieldDefinitions(type: $type, jurisdictionCode: $code) {
    id key label kind options jurisdiction { code }
  }
}"""


async def define(client: GraphQLClient, as_user: str, **fields: Any) -> dict[str, Any]:
    """A definition made through the API (it must succeed)."""
    data = await client.data(CREATE, {"input": {"type": "Talent", **fields}}, as_user=as_user)
    payload = data["createCustomField"]
    assert payload["userErrors"] == [], payload
    return payload["customField"]


def error_fields(errors: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in errors}
