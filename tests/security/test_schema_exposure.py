"""In production the schema describes itself only to those who sign in: no introspection
and no "Did you mean" hints for anonymous callers, no GraphiQL, and the federation SDL only
for the provincial platform or the configured federation gateway token."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
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


def test_graphiql_shows_nothing_to_anonymous_callers(server: LiveServer) -> None:
    """GraphiQL is a static page from local assets; what it shows comes from introspection,
    which a caller without a session does not get (the page sends them to sign in)."""
    opened = server.get("/graphql", headers={"Accept": "text/html"})
    assert opened.status_code == 307 and opened.headers["location"] == "/graphiql"
    page = server.get("/graphiql").text
    assert "TalentConnection" not in page and "idNumber" not in page
    assert _codes(server.gql("{ __schema { types { name } } }")) == {"UNAUTHENTICATED"}


def test_the_federation_sdl_is_for_the_platform_and_the_gateway_token(server: LiveServer) -> None:
    assert _codes(server.gql(SDL)) == {"FORBIDDEN"}
    assert _codes(server.gql(SDL, as_user="changan_admin")) == {"FORBIDDEN"}
    assert "@key" in server.gql(SDL, as_user="shandong_platform")["data"]["_service"]["sdl"]
    assert "@key" in server.gql(SDL, token=GATEWAY_TOKEN)["data"]["_service"]["sdl"]
    # The gateway token opens the SDL and nothing else.
    body = server.gql("{ talents(first: 1) { totalCount } }", token=GATEWAY_TOKEN)
    assert _codes(body) == {"UNAUTHENTICATED"}


# -- graphql-cop's probes, replayed as it sends them (anonymous, against `serve`) -------------


def _cop(server: LiveServer, payload: Any, **kw: Any) -> Any:
    body = payload if isinstance(payload, list) else {"query": payload, "operationName": "cop"}
    response = httpx.post(f"{server.base}/graphql", json=body, **kw)
    is_json = response.headers.get("content-type", "").startswith("application/json")
    return response.json() if is_json else {"status": response.status_code, "text": response.text}


def test_directives_piled_on_one_field_answer_one_error(server: LiveServer) -> None:
    body = _cop(server, "query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["VALIDATION"]
    assert "指令过多" in body["errors"][0]["message"]
    assert "too many directives" in body["errors"][0]["extensions"]["messageEn"]
    staff = server.gql("{ __typename @skip(if: false) @include(if: true) }", as_user="changan_admin")
    assert staff == {"data": {"__typename": "Query"}}  # @skip and @include together still work
    twice = server.gql("{ __typename @skip(if: false) @skip(if: false) }", as_user="changan_admin")
    assert _codes(twice) == {"VALIDATION"}


def test_anonymous_queries_over_get_are_refused(server: LiveServer) -> None:
    for query in ("query cop {__typename}", "mutation cop {__typename}"):
        response = server.get("/graphql", params={"query": query})
        assert response.status_code == 400
        assert "needs an Authorization header" in response.text
    token = server.login("changan_admin")
    signed_in = server.get("/graphql", params={"query": "{ __typename }"},
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert signed_in.json() == {"data": {"__typename": "Query"}}


def test_the_other_graphql_cop_probes_find_nothing(server: LiveServer) -> None:
    aliases = "".join(f"alias{i}:__typename \n" for i in range(101))
    assert not (_cop(server, "query cop { " + aliases + " }").get("data") or {}).get("alias100")
    batch = _cop(server, [{"query": "query cop { __typename }"}] * 10)
    assert [e["extensions"]["code"] for e in batch["errors"]] == ["VALIDATION"]  # no array batching
    circular = "query cop { __schema { types { fields { type { fields { type { fields { type { fields " \
               "{ type { name } } } } } } } } } } }"  # fmt: skip
    assert _cop(server, circular).get("data") is None
    assert _cop(server, "query cop { __schema { types { name fields { name } } } }").get("data") is None
    suggestions = _cop(server, "query cop { __schema { directive } }")
    assert not any("Did you mean" in e["message"] for e in suggestions["errors"])
    form = httpx.post(f"{server.base}/graphql", data={"query": "query cop { __typename }"})
    assert form.status_code >= 400  # a url-encoded form (a cross-site POST) is not GraphQL
    for body in (_cop(server, "query cop { __typename }"), _cop(server, "qwerty cop { abc }")):
        assert "tracing" not in str(body) and "exception" not in str(body)
