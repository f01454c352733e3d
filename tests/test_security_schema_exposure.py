"""In production the schema describes itself only to those who sign in: no introspection
and no "Did you mean" hints for anonymous callers, no GraphiQL, and the federation SDL only
for the provincial platform or the configured federation gateway token."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from gateway.embedded_redis import EmbeddedRedis
from tests.support.databases import SqliteDatabases
from tests.support.live_server import LiveServer, demo_server

GATEWAY_TOKEN = secrets.token_urlsafe(24)
SCHEMA = "{ __schema { queryType { name } } }"
SDL = "{ _service { sdl } }"


@pytest.fixture(scope="module")
def server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("exposure"),
                     env={"FEDERATION_SDL_TOKEN": GATEWAY_TOKEN}) as live:  # fmt: skip
        yield live


def _codes(body: dict) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", [])}


@pytest.mark.parametrize("query", [
    SCHEMA,
    '{ __type(name: "Talent") { fields { name } } }',
    "query { ...F } fragment F on Query { __schema { types { name } } }",
])  # fmt: skip
def test_anonymous_callers_cannot_introspect(server: LiveServer, query: str) -> None:
    body = server.gql(query)
    assert body.get("data") is None
    assert _codes(body) == {"UNAUTHENTICATED"}


def test_signed_in_staff_introspect(server: LiveServer) -> None:
    body = server.gql(SCHEMA, as_user="changan_admin")
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_anonymous_errors_carry_no_field_suggestions(server: LiveServer) -> None:
    anonymous = server.gql("{ talentz(first: 1) { totalCount } }")
    assert anonymous["errors"] and not any("Did you mean" in e["message"] for e in anonymous["errors"])
    assert "talentz" in anonymous["errors"][0]["message"]
    staff = server.gql("{ talentz(first: 1) { totalCount } }", as_user="changan_admin")
    assert any("Did you mean" in e["message"] for e in staff["errors"])
    # The validation cache did not keep the stripped text for the next caller, nor the hint.
    again = server.gql("{ talentz(first: 1) { totalCount } }")
    assert not any("Did you mean" in e["message"] for e in again["errors"])


def test_no_graphiql_for_anonymous_callers(server: LiveServer) -> None:
    page = server.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()


def test_the_federation_sdl_is_for_the_platform_and_the_gateway_token(server: LiveServer) -> None:
    assert _codes(server.gql(SDL)) == {"FORBIDDEN"}
    assert _codes(server.gql(SDL, as_user="changan_admin")) == {"FORBIDDEN"}
    assert "@key" in server.gql(SDL, as_user="shandong_platform")["data"]["_service"]["sdl"]
    assert "@key" in server.gql(SDL, token=GATEWAY_TOKEN)["data"]["_service"]["sdl"]
    # The gateway token opens the SDL and nothing else.
    body = server.gql("{ talents(first: 1) { totalCount } }", token=GATEWAY_TOKEN)
    assert _codes(body) == {"UNAUTHENTICATED"}
