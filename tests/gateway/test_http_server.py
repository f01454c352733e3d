"""The real server: `talentgate seed` and `talentgate serve` as processes, over HTTP, on
SQLite and PostgreSQL with a real Redis."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.embedded_redis import free_port
from tests.support.live_server import server_env, wait_until_healthy

LOGIN = 'mutation { login(input: {username: "%s", password: "demo-pass-2026"}) { token } }'


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", *args]


@pytest.fixture
def server(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[str]:
    env = server_env(database_url, tmp_path, redis_url)
    subprocess.run(_cli("seed"), env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(_cli("serve", "--port", str(port)), env=env, stdout=log, stderr=log)
    # On SQLite `serve` runs the worker in its own process (as the demo does); PostgreSQL
    # deployments run workers beside the servers.
    worker = None
    if not database_url.startswith("sqlite"):
        worker = subprocess.Popen(_cli("worker"), env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, proc, tmp_path / "server.log")
        yield base
    finally:
        for process in (proc, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
        log.close()


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
    assert body["data"] is None and "depth" in body["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(40)) + " }"
    body = httpx.post(f"{server}/graphql", json={"query": aliases}, headers=headers).json()
    assert "aliases" in body["errors"][0]["message"]
    huge = httpx.post(f"{server}/graphql", content=b"x" * 2_000_000,
                      headers={**headers, "content-type": "application/json"})
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "traceback" not in httpx.post(f"{server}/graphql", content=b"{not json",
                                         headers={"content-type": "application/json"}).text.lower()
    assert "graphiql" not in httpx.get(f"{server}/graphql", headers={"accept": "text/html"}).text.lower()


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
