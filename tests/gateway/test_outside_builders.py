"""Outside builders (Retool, Appsmith, 简道云) on /graphql: queries over GET with a bearer
token, cacheable by the client only (ETag, 304); every HTTP-level refusal coded like a
GraphQL error; CORS off unless TALENTGATE_CORS_ORIGINS lists the origin; and the README's
example, run as written against a real server."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from resolvers.core.settings import Settings, load_settings
from tests.lowcode.documents import TALENTS_OPERATION
from tests.lowcode.test_tools import _create, _publish
from tests.support.graphql import GraphQLClient, error_codes
from tests.support.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
COUNT = "query Count { talents(first: 1) { totalCount } }"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- GET -----------------------------------------------------------------------------------


async def test_queries_over_get_with_a_token_are_cacheable_by_the_client(client: GraphQLClient) -> None:
    token = await client.login("changan_admin")
    response = await client.http.get("/graphql", params={"query": COUNT}, headers=_auth(token))
    assert response.status_code == 200 and response.json()["data"]["talents"]["totalCount"] > 0
    assert response.headers["cache-control"] == "private, max-age=0"
    etag = response.headers["etag"]
    assert etag == '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
    again = await client.http.get("/graphql", params={"query": COUNT},
                                  headers={**_auth(token), "If-None-Match": etag})  # fmt: skip
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    stale = await client.http.get("/graphql", params={"query": COUNT},
                                  headers={**_auth(token), "If-None-Match": '"other"'})  # fmt: skip
    assert stale.status_code == 200 and stale.json() == response.json()
    page = {"query": "query P($n: Int) { talents(first: $n) { edges { node { id } } } }",
            "variables": json.dumps({"n": 2})}  # fmt: skip
    paged = await client.http.get("/graphql", headers=_auth(token), params=page)
    assert len(paged.json()["data"]["talents"]["edges"]) == 2
    # POST answers are not for caching.
    posted = await client.http.post("/graphql", json={"query": COUNT}, headers=_auth(token))
    assert "etag" not in posted.headers and "cache-control" not in posted.headers


async def test_get_runs_a_published_tools_trusted_document(client: GraphQLClient) -> None:
    tool = await _create(client, "changan_admin")
    await _publish(client, "changan_admin", tool["id"])
    sha = hashlib.sha256(TALENTS_OPERATION.encode()).hexdigest()
    token = await client.login("changan_window")
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha}, "toolId": tool["id"]})
    ran = await client.http.get("/graphql", params={"extensions": extensions}, headers=_auth(token))
    assert ran.status_code == 200 and ran.json()["data"]["talents"]["totalCount"] > 0
    assert ran.headers["etag"]
    other = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}, "toolId": tool["id"]})
    missing = await client.http.get("/graphql", params={"extensions": other}, headers=_auth(token))
    assert error_codes(missing.json()) == ["NOT_FOUND"]


async def test_a_mutation_over_get_is_refused_with_a_code_and_changes_nothing(client: GraphQLClient) -> None:
    token = await client.login("changan_admin")
    mutation = 'mutation { markNotificationsRead(input: {all: true}) { updatedCount } }'
    response = await client.http.get("/graphql", params={"query": mutation}, headers=_auth(token))
    assert response.status_code == 400
    body = response.json()
    assert error_codes(body) == ["VALIDATION"] and body["data"] is None
    assert body["errors"][0]["extensions"]["messageEn"] == "mutations are not allowed when using GET"
    assert "POST" in body["errors"][0]["message"]


# -- every refusal has a code --------------------------------------------------------------


def _refusals(http: httpx.Client | Any, token: str) -> list[tuple[str, Any]]:
    json_type = {"Content-Type": "application/json"}
    return [
        ("bad JSON", lambda: http.post("/graphql", content=b"{not json", headers=json_type)),
        ("no query", lambda: http.post("/graphql", json={"variables": {}})),
        ("not an object", lambda: http.post("/graphql", json=42)),
        ("a batch", lambda: http.post("/graphql", json=[{"query": "{ __typename }"}] * 2)),
        ("form body", lambda: http.post("/graphql", data={"query": "{ __typename }"})),
        ("GET without a token", lambda: http.get("/graphql", params={"query": "{ __typename }"})),
        ("GET without a query", lambda: http.get("/graphql", headers=_auth(token))),
        ("bad variables",
         lambda: http.get("/graphql", params={"query": COUNT, "variables": "{"}, headers=_auth(token))),
        ("unknown operationName", lambda: http.post("/graphql", json={"query": COUNT, "operationName": "X"})),
        ("PUT", lambda: http.put("/graphql", json={"query": "{ __typename }"})),
        ("DELETE", lambda: http.delete("/graphql")),
        ("OPTIONS", lambda: http.options("/graphql")),
    ]


EXPECTED = {
    "bad JSON": (400, "VALIDATION"), "no query": (400, "VALIDATION"), "not an object": (400, "VALIDATION"),
    "a batch": (400, "VALIDATION"), "form body": (400, "VALIDATION"),
    "GET without a token": (400, "UNAUTHENTICATED"), "GET without a query": (400, "VALIDATION"),
    "bad variables": (400, "VALIDATION"), "unknown operationName": (400, "VALIDATION"),
    "PUT": (405, "VALIDATION"), "DELETE": (405, "VALIDATION"), "OPTIONS": (405, "VALIDATION"),
}  # fmt: skip


async def test_every_http_level_refusal_is_graphql_shaped_with_a_code(client: GraphQLClient) -> None:
    token = await client.login("changan_admin")
    seen = {}
    for what, send in _refusals(client.http, token):
        response = await send()
        assert response.headers["content-type"].startswith("application/json"), (what, response.text)
        body = response.json()
        assert body["data"] is None and body["errors"][0]["message"], (what, body)
        assert body["errors"][0]["extensions"]["messageEn"], (what, body)
        seen[what] = (response.status_code, body["errors"][0]["extensions"]["code"])
        if response.status_code == 405:
            assert response.headers["allow"] == "GET, POST"
    assert seen == EXPECTED
    # Signed out and rate-limited answers were coded already: they stay so.
    anonymous = await client.execute(COUNT)
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    bad_token = await client.execute(COUNT, token="tgt_nonsense")
    assert error_codes(bad_token) == ["UNAUTHENTICATED"]
    browser = await client.http.get("/graphql", headers={"Accept": "text/html"})
    assert browser.status_code == 307 and browser.headers["location"] == "/graphiql"


# -- CORS ----------------------------------------------------------------------------------

LISTED = "https://retool.example.cn"
PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip


def _app_client(tmp_path: Path, **settings: Any) -> httpx.AsyncClient:
    app = create_app(Settings(data_dir=tmp_path, **settings), migrate=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")


async def test_cors_is_off_by_default(tmp_path: Path) -> None:
    assert load_settings({}).cors_origins == ()
    async with _app_client(tmp_path) as http:
        preflight = await http.options("/graphql", headers={"Origin": LISTED, **PREFLIGHT})
        simple = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": LISTED})
    for response in (preflight, simple):
        assert not [h for h in response.headers if h.startswith("access-control-")], response.headers
    assert simple.json() == {"data": {"__typename": "Query"}}


async def test_cors_answers_listed_origins_on_graphql_only(tmp_path: Path) -> None:
    settings = load_settings({"TALENTGATE_CORS_ORIGINS": f" {LISTED} , https://Apps.Example.cn:443,{LISTED}"})
    assert settings.cors_origins == (LISTED, "https://apps.example.cn")
    async with _app_client(tmp_path, cors_origins=settings.cors_origins) as http:
        preflight = await http.options("/graphql", headers={"Origin": LISTED, **PREFLIGHT})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == LISTED
        methods = preflight.headers["access-control-allow-methods"]
        assert set(methods.split(", ")) == {"GET", "POST", "OPTIONS"}
        allowed = preflight.headers["access-control-allow-headers"]
        allowed_headers = {h.strip().lower() for h in allowed.split(",")}
        assert {"authorization", "content-type"} <= allowed_headers
        assert "access-control-allow-credentials" not in preflight.headers
        simple = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": LISTED})
        assert simple.headers["access-control-allow-origin"] == LISTED
        assert "access-control-allow-credentials" not in simple.headers
        second = await http.options("/graphql", headers={"Origin": "https://apps.example.cn", **PREFLIGHT})
        assert second.headers["access-control-allow-origin"] == "https://apps.example.cn"
        # Another origin (a prefix, another scheme, a subdomain) gets no allow-origin.
        for other in ("https://evil.example.cn", "http://retool.example.cn", "https://retool.example.cn.evil.cn",
                      "https://x.retool.example.cn", "null"):  # fmt: skip
            refused = await http.options("/graphql", headers={"Origin": other, **PREFLIGHT})
            assert "access-control-allow-origin" not in refused.headers, other
            assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            plain = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": other})
            assert "access-control-allow-origin" not in plain.headers, other
        # A header other than the two is not allowed cross-site.
        custom = {**PREFLIGHT, "Access-Control-Request-Headers": "x-custom"}
        other_header = await http.options("/graphql", headers={"Origin": LISTED, **custom})
        assert other_header.status_code == 403
        # Only /graphql: the other routes stay without CORS.
        health = await http.get("/healthz", headers={"Origin": LISTED})
        assert "access-control-allow-origin" not in health.headers


@pytest.mark.parametrize("bad", ["*", "https://retool.example.cn/app", "retool.example.cn", "ftp://x.cn"])
def test_cors_origins_must_be_exact(bad: str) -> None:
    with pytest.raises(ValueError, match="TALENTGATE_CORS_ORIGINS"):
        load_settings({"TALENTGATE_CORS_ORIGINS": bad})


# -- the README's example, as written --------------------------------------------------------

HEADING = "## Building on the API from Retool, Appsmith or 简道云"
MARK = "@@step-done@@"


def readme_steps() -> list[tuple[str, str | None]]:
    """The example's shell steps under HEADING: (commands, the `# → ` answer shown after
    them, or None)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    section = text[start:end if end >= 0 else None]
    steps: list[tuple[str, str | None]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        lines: list[str] = []
        for line in block.splitlines():
            if line.startswith("# → "):
                steps.append(("\n".join(lines), line.removeprefix("# → ")))
                lines = []
            else:
                lines.append(line)
        if any(line.strip() and not line.startswith("#") for line in lines):
            steps.append(("\n".join(lines), None))
    return steps


def shown_as_pattern(shown: str) -> re.Pattern[str]:
    """An answer as the README shows it, `…` standing for anything."""
    return re.compile(".*?".join(re.escape(part) for part in shown.split("…")), flags=re.S)


def test_the_readme_example_runs_as_written(live_server: LiveServer) -> None:
    steps = readme_steps()
    assert len(steps) >= 6 and sum(1 for _, shown in steps if shown and '"code":' in shown) >= 3
    script = "\n".join(f"{commands}\necho; echo {MARK}" for commands, _ in steps)
    script = script.replace("http://127.0.0.1:8000", live_server.base)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
                          timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    outputs = done.stdout.split(MARK)[:-1]
    assert len(outputs) == len(steps), done.stdout
    for (commands, shown), output in zip(steps, outputs, strict=True):
        output = output.strip()
        if output.startswith("{"):  # as a reader sees it: compact, Chinese unescaped
            output = json.dumps(json.loads(output), ensure_ascii=False, separators=(",", ":"))
        if shown is not None:
            assert shown_as_pattern(shown).fullmatch(output), (commands, shown, output)
        if output.startswith("{"):
            body = json.loads(output)
            if shown and '"code":' in shown:
                shown_code = re.search(r'"code":"([A-Z_]+)"', shown)
                assert shown_code and error_codes(body) == [shown_code.group(1)]
            elif shown:
                assert "errors" not in body and body["data"]["talents"]["totalCount"] > 0, output
