"""Queries the saved-view tests share."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient

VIEW = """id name connection filter columns orderBy owner ownerName sharedRole
  sharedJurisdiction { code } mine createdAt updatedAt"""
SAVE = f"""mutation($input: SaveViewInput!) {{
  saveView(input: $input) {{ view {{ {VIEW} }} userErrors {{ field code message messageEn }} }}
}}"""
SHARE = f"""mutation($input: ShareViewInput!) {{
  shareView(input: $input) {{ view {{ {VIEW} }} userErrors {{ field code message messageEn }} }}
}}"""
DELETE = """mutation($input: DeleteViewInput!) {
  deleteView(input: $input) { deletedViewId userErrors { field code message messageEn } }
}"""
LIST = f"""query($connection: String!) {{ savedViews(connection: $connection) {{ {VIEW} }} }}"""
CREATE_USER = """mutation($input: CreateUserInput!) {
  createUser(input: $input) { user { username } userErrors { field code } } }"""
PASSWORD = "views-pass-2026"


def talent_view(**overrides: Any) -> dict[str, Any]:
    return {
        "connection": "talents",
        "name": "长安区重点人才",
        "filter": {"name": {"contains": "张"}, "or": [{"status": {"eq": "ACTIVE"}}]},
        "columns": ["name", "employer.name", "jurisdiction.code", "customFields.owns_home"],
        "orderBy": [{"field": "NAME", "direction": "DESC"}],
        **overrides,
    }


async def save(client: GraphQLClient, user: str, **overrides: Any) -> dict[str, Any]:
    """A view saved through the API (it must succeed)."""
    data = await client.data(SAVE, {"input": talent_view(**overrides)}, as_user=user)
    assert data["saveView"]["userErrors"] == [], data
    return data["saveView"]["view"]


async def share(client: GraphQLClient, user: str, view_id: str, role: str | None, code: str | None) -> dict:
    data = await client.data(SHARE, {"input": {"viewId": view_id, "role": role, "jurisdictionCode": code}},
                             as_user=user)  # fmt: skip
    return data["shareView"]


async def names(client: GraphQLClient, user: str, connection: str = "talents") -> list[str]:
    data = await client.data(LIST, {"connection": connection}, as_user=user)
    return [v["name"] for v in data["savedViews"]]


async def make_user(client: GraphQLClient, office: str, username: str, role: str, scope: str) -> str:
    """An account made by `office` through the API, signed in (its username)."""
    account = {"username": username, "password": PASSWORD, "grants": [{"role": role, "scope": scope}]}
    made = (await client.data(CREATE_USER, {"input": account}, as_user=office))["createUser"]
    assert made["userErrors"] == [], made
    await client.login(username, PASSWORD)
    return username
