"""Composition stays tested (issue 16): a real Apollo Gateway (Node: @apollo/gateway with
@apollo/server, installed from the committed lock file in tests/federation/apollo/)
composes talentgate with a department's subgraph that extends `Talent` by key
(tests/federation/department_subgraph.py). A query spanning both answers through the
gateway with the caller's token forwarded; a reference outside the caller's scope
resolves to null."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from gateway.embedded_redis import EmbeddedRedis, free_port
from tests.support.databases import SqliteDatabases
from tests.support.live_server import demo_server

pytestmark = pytest.mark.heavy  # npm ci and three servers: start it first

HERE = Path(__file__).parent
SOURCE = HERE / "apollo"
ROOT = HERE.parent.parent
SDL_TOKEN = secrets.token_urlsafe(24)

SPANNING = """query { talents(first: 3, orderBy: [{field: NAME}]) {
  nodes { id name recordCheck } } }"""
FLAGGED = "query { flagged { id name recordCheck } }"


@pytest.fixture(scope="module")
def apollo() -> Path:
    """The gateway's packages, installed once per lock file (outside the repository)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        if os.environ.get("TALENTGATE_REQUIRE_NODE") == "1":
            pytest.fail("node and npm are required")
        pytest.skip("node and npm are not installed")
    lock = (SOURCE / "package-lock.json").read_bytes()
    target = Path.home() / ".cache" / "talentgate-tests" / f"apollo-{hashlib.sha256(lock).hexdigest()[:12]}"
    if not (target / "node_modules" / "@apollo" / "gateway").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(SOURCE / name, target / name)
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=target, capture_output=True,
                              text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    shutil.copy(SOURCE / "gateway.mjs", target / "gateway.mjs")
    return target


@contextmanager
def _process(command: list[str], cwd: Path, env: dict[str, str], log: Path, ready: str) -> Iterator[None]:
    """A process whose log shows `ready` within 60 s (else the log is the failure)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while ready not in log.read_text(errors="replace"):
            alive = proc.poll() is None and time.monotonic() < deadline
            assert alive, log.read_text(errors="replace")[-3000:]
            time.sleep(0.2)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_real_gateway_composes_talentgate_with_a_department(
    apollo: Path, sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis, tmp_path: Path
) -> None:
    env = {"FEDERATION_SDL_TOKEN": SDL_TOKEN}
    with demo_server(sqlite_databases, redis_server, tmp_path, env=env) as live:
        pick = """query($c: String!) {
          talents(first: 1, filter: {jurisdictionCode: {eq: $c}}) { nodes { id name } } }"""
        mine, theirs = (live.gql(pick, {"c": c}, as_user="sjz_admin")["data"]["talents"]["nodes"][0]
                        for c in ("130102", "130123"))  # fmt: skip
        bureau, port = free_port(), free_port()
        subgraph = [sys.executable, "-m", "uvicorn", "tests.federation.department_subgraph:app",
                    "--port", str(bureau)]  # fmt: skip
        with (
            _process(subgraph, ROOT, {"FLAGGED_TALENTS": f"{mine['id']},{theirs['id']}"},
                     tmp_path / "bureau.log", "Uvicorn running"),
            _process(["node", "gateway.mjs"], apollo, {
                "SUBGRAPHS": f"talentgate={live.base}/graphql,bureau=http://127.0.0.1:{bureau}/graphql",
                "SDL_TOKEN": SDL_TOKEN, "PORT": str(port)}, tmp_path / "gateway.log", "gateway ready"),
        ):  # fmt: skip
            token = live.login("changan_admin")

            def ask(query: str) -> dict:
                response = httpx.post(f"http://127.0.0.1:{port}/", json={"query": query}, timeout=30,
                                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip
                return response.json()

            spanning = ask(SPANNING)
            nodes = spanning["data"]["talents"]["nodes"]
            assert nodes and "errors" not in spanning, spanning
            assert all(n["recordCheck"].startswith("无违法犯罪记录") for n in nodes)
            flagged = ask(FLAGGED)  # the bureau names two; the caller may see the first only
            first = flagged["data"]["flagged"][0]
            assert (first["id"], first["name"]) == (mine["id"], mine["name"]) and first["recordCheck"]
            assert flagged["data"]["flagged"][1] is None, flagged
            # without a token the gateway's talentgate part is refused, not answered
            anonymous = httpx.post(f"http://127.0.0.1:{port}/", json={"query": SPANNING}, timeout=30).json()
            assert anonymous.get("data") is None or anonymous["data"].get("talents") is None, anonymous
