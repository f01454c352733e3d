"""Calling the gateway as a client would: HTTP through the real ASGI app."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.demo import DEMO_PASSWORD

LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) { token userErrors { field code message } }
}"""


class GraphQLClient:
    """Posts to /graphql of an app whose database Tortoise already serves."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
        )
        self.tokens: dict[str, str] = {}

    async def close(self) -> None:
        await self.http.aclose()

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        body = await self.execute(LOGIN, {"u": username, "p": password})
        token = body["data"]["login"]["token"]
        assert token, body
        self.tokens[username] = token
        return token

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None, *, as_user: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        if as_user is not None and as_user not in self.tokens:
            await self.login(as_user)
        bearer = token or (self.tokens[as_user] if as_user else None)
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def get(self, path: str, *, as_user: str | None = None, **kw: Any) -> httpx.Response:
        """A plain HTTP GET (QR codes, reports, card checks), signed in as `as_user` if given."""
        return await self.http.get(path, headers=await self._auth(as_user), **kw)

    async def _auth(self, as_user: str | None) -> dict[str, str]:
        if as_user is None:
            return {}
        if as_user not in self.tokens:
            await self.login(as_user)
        return {"Authorization": f"Bearer {self.tokens[as_user]}"}

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The `data` of a response that must have no errors."""
        body = await self.execute(query, variables, **kw)
        assert "errors" not in body, body["errors"]
        return body["data"]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
