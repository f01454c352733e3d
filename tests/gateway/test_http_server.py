"""The real server: `talentgate seed` and `talentgate serve` as processes, over HTTP, on
SQLite and PostgreSQL with a real Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
import redis

from gateway.embedded_redis import EmbeddedRedis
from tests.support.databases import PostgresDatabases, SqliteDatabases, sqlite_url
from tests.support.live_server import seeded_server

pytestmark = pytest.mark.heavy

LOGIN = 'mutation { login(input: {username: "%s", password: "demo-pass-2026"}) { token } }'


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, redis_server: EmbeddedRedis,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # fmt: skip
    """One seeded server per backend for the module: its tests read, or add rows of their
    own, so they need no fresh database each."""
    if request.param == "sqlite":
        sqlite: SqliteDatabases = request.getfixturevalue("sqlite_databases")
        path = sqlite.create()
        database_url, drop = sqlite_url(path), lambda: sqlite.drop(path)
    else:
        postgres: PostgresDatabases = request.getfixturevalue("postgres_databases")
        name = postgres.create()
        database_url, drop = postgres.url_for(name), lambda: postgres.drop(name)
    redis_client = redis.Redis.from_url(redis_server.url)
    redis_client.flushall()
    redis_client.close()
    try:
        with seeded_server(database_url, tmp_path_factory.mktemp("server"), redis_server.url) as live:
            yield live.base
    finally:
        drop()


def _token(base: str, username: str) -> str:
    body = httpx.post(f"{base}/graphql", json={"query": LOGIN % username}, timeout=10).json()
    return body["data"]["login"]["token"]


def test_health_and_readiness(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server}/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok" and ready.json()["redis"] == "ok"


def test_demo_accounts_over_http(server: str) -> None:
    query = "{ talents(first: 100) { totalCount edges { node { idNumber jurisdiction { code } } } } }"
    county = httpx.post(f"{server}/graphql", json={"query": query},
                        headers={"Authorization": f"Bearer {_token(server, 'changan_admin')}"}).json()
    codes = {e["node"]["jurisdiction"]["code"] for e in county["data"]["talents"]["edges"]}
    assert codes == {"130102"}
    platform = httpx.get(f"{server}/graphql", params={"query": query},
                         headers={"Authorization": f"Bearer {_token(server, 'shandong_platform')}"})
    nodes = [e["node"] for e in platform.json()["data"]["talents"]["edges"]]
    assert nodes and all("********" in n["idNumber"] for n in nodes)
    anonymous = httpx.post(f"{server}/graphql", json={"query": query}).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_limits_and_masked_errors(server: str) -> None:
    headers = {"Authorization": f"Bearer {_token(server, 'sjz_admin')}"}
    nested = "activeCard { holder { " * 6 + "name" + " } }" * 6
    deep = "{ talents(first: 1) { edges { node { " + nested + " } } } }"
    body = httpx.post(f"{server}/graphql", json={"query": deep}, headers=headers).json()
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert "嵌套层数过多" in body["errors"][0]["message"]
    assert "depth" in body["errors"][0]["extensions"]["messageEn"]
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(40)) + " }"
    body = httpx.post(f"{server}/graphql", json={"query": aliases}, headers=headers).json()
    assert (
        body["errors"][0]["extensions"]["code"] == "VALIDATION" and "别名过多" in body["errors"][0]["message"]
    )
    assert "aliases" in body["errors"][0]["extensions"]["messageEn"]
    huge = httpx.post(
        f"{server}/graphql", content=b"x" * 2_000_000, headers={**headers, "content-type": "application/json"}
    )
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert (
        "traceback"
        not in httpx.post(
            f"{server}/graphql", content=b"{not json", headers={"content-type": "application/json"}
        ).text.lower()
    )
    # A browser is sent to the local GraphiQL page; no IDE is rendered in /graphql itself.
    opened = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert opened.status_code == 307 and opened.headers["location"] == "/graphiql"


def _gql(base: str, query: str, variables: dict | None = None, user: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {_token(base, user)}"} if user else {}
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                      headers=headers, timeout=30).json()  # fmt: skip
    assert "errors" not in body, body
    return body["data"]


def test_a_request_walks_from_the_window_through_the_departments_to_the_archive(server: str) -> None:
    items = _gql(server, """{ serviceItems(first: 50, filter: {code: {in: ["sjz.household", "sjz.school"]}})
                              { edges { node { id } } } }""", user="changan_window")  # fmt: skip
    me = _gql(server, "{ me { talent { id } } }", user="talent_demo")
    submitted = _gql(server, """mutation($t: ID!, $i: [ID!]!) {
        submitServiceRequest(input: {talentId: $t, itemIds: $i}) {
          serviceRequest { id handoffs { id } } userErrors { code message } } }""",
        {"t": me["me"]["talent"]["id"], "i": [e["node"]["id"] for e in items["serviceItems"]["edges"]]},
        user="changan_window")["submitServiceRequest"]  # fmt: skip
    assert submitted["userErrors"] == [] and len(submitted["serviceRequest"]["handoffs"]) == 3
    request_id = submitted["serviceRequest"]["id"]
    # The demo's past year is in the departments' inboxes too: this request's parts only.
    mine = """query($r: ID!) { handoffs(first: 10, filter: {serviceRequestId: {eq: $r}}) {
                edges { node { id status } } } }"""
    for handler in ("sjz_police_handler", "sjz_edu_handler", "sjz_hr_handler"):
        deadline = time.monotonic() + 30
        while True:  # the worker delivers into the department's inbox
            edges = _gql(server, mine, {"r": request_id}, user=handler)["handoffs"]["edges"]
            assert len(edges) == 1  # only its own department's part
            if edges[0]["node"]["status"] == "DELIVERED":
                break
            assert time.monotonic() < deadline, edges
            time.sleep(0.2)
        hid = edges[0]["node"]["id"]
        _gql(server, "mutation($h: ID!) { acceptHandoff(input: {handoffId: $h}) { userErrors { code } } }",
             {"h": hid}, user=handler)  # fmt: skip
        done = _gql(server, """mutation($h: ID!) { completeHandoff(input:
                      {handoffId: $h, outcome: APPROVED, opinion: "符合条件"}) { userErrors { code } } }""",
                    {"h": hid}, user=handler)  # fmt: skip
        assert done["completeHandoff"]["userErrors"] == []
    final = _gql(server, "query($id: ID!) { serviceRequest(id: $id) { status archiveEntry { summary } } }",
                 {"id": request_id}, user="changan_window")["serviceRequest"]  # fmt: skip
    assert final["status"] == "COMPLETED" and final["archiveEntry"]["summary"]
    inbox = _gql(server, "{ notifications(first: 10) { edges { node { subject } } } }", user="talent_demo")
    assert any("办理结果" in e["node"]["subject"] for e in inbox["notifications"]["edges"])
