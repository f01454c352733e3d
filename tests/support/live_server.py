"""A real `talentgate serve` process over HTTP, on a copy of the demo database.

Attacks are replayed against this, not against the ASGI app in-process: the server reads
its settings from the environment, runs its own worker (SQLite), and answers over TCP.

* `start_server(database_url, data_dir, env=...)` — a context manager yielding a
  `LiveServer`; the settings it needs are in `server_env()`, overridable per test.
* `seeded_server(database_url, data_dir, redis_url)` — `talentgate seed`, then `serve`
  (and a `worker` beside it on PostgreSQL), as a deployment starts.
* `live_server` (module-scoped fixture) — one server on a fresh copy of the demo SQLite
  database, shared by the tests of a module: tests that change state make their own
  users and records.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.demo import DEMO_PASSWORD
from gateway.embedded_redis import EmbeddedRedis, free_port
from gateway.http.health import wait_until_healthy
from resolvers.core.local_keys import throwaway_keys
from tests.support.databases import SqliteDatabases, sqlite_url

LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) { token userErrors { field code message } }
}"""


def server_env(database_url: str, data_dir: Path, redis_url: str = "") -> dict[str, str]:
    """What a production `serve` needs: its database, its data folder and its keys."""
    env = {
        **os.environ,
        **throwaway_keys(),
        "DATABASE_URL": database_url,
        "TALENTGATE_DATA_DIR": str(data_dir),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", *args]


@dataclass
class LiveServer:
    base: str
    log_path: Path
    env: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """`talentgate …` against this server's database and settings."""
        return subprocess.run(cli(*args), env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=120)  # fmt: skip

    def create_user(self, username: str, role: str, scope: str, password: str = DEMO_PASSWORD) -> None:
        done = self.cli("createuser", username, "--role", role, "--scope", scope,
                        env={"TALENTGATE_PASSWORD": password})  # fmt: skip
        assert done.returncode == 0, done.stderr

    def post(self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:  # fmt: skip
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return httpx.post(f"{self.base}/graphql", json={"query": query, "variables": variables or {}},
                          headers=all_headers, timeout=30)  # fmt: skip

    def gql(self, query: str, variables: dict[str, Any] | None = None, *, as_user: str | None = None,
            token: str | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
        if as_user is not None:
            token = self.login(as_user)
        response = self.post(query, variables, token=token, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        if username not in self.tokens:
            body = self.post(LOGIN, {"u": username, "p": password}).json()
            token = body["data"]["login"]["token"]
            assert token, body
            self.tokens[username] = token
        return self.tokens[username]

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return httpx.get(f"{self.base}{path}", timeout=30, **kw)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_until_ready(live: LiveServer, seconds: float = 60) -> None:
    """/readyz answers 200: the database and Redis answer and a worker has beaten."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if live.get("/readyz").status_code == 200:
                return
        time.sleep(0.1)
    answer = live.get("/readyz").text
    raise AssertionError(f"{live.base} not ready within {seconds:g} s: {answer}\n{live.log()[-3000:]}")


def stop_process(proc: subprocess.Popen, seconds: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `seconds`."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def start_server(database_url: str, data_dir: Path, *, env: dict[str, str] | None = None,
                 redis_url: str = "") -> Iterator[LiveServer]:  # fmt: skip
    """`talentgate serve` on a free port with `server_env()` (and `env` over it)."""
    port = free_port()
    log_path = data_dir / f"server-{port}.log"
    full_env = {**server_env(database_url, data_dir, redis_url), **(env or {})}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cli("serve", "--port", str(port)), env=full_env, stdout=log, stderr=log)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(base, proc, log_path, 60)
            yield LiveServer(base, log_path, full_env)
        finally:
            stop_process(proc)


@contextlib.contextmanager
def seeded_server(database_url: str, data_dir: Path, redis_url: str) -> Iterator[LiveServer]:
    """`talentgate seed`, then `start_server` with the same settings; on PostgreSQL a
    `talentgate worker` beside it, as deployments run workers (on SQLite `serve` runs the
    worker in its own process, as the demo does); yields once /readyz answers 200."""
    env = server_env(database_url, data_dir, redis_url)
    subprocess.run(cli("seed"), env=env, check=True, capture_output=True, timeout=120)
    with start_server(database_url, data_dir, env=env, redis_url=redis_url) as live:
        if database_url.startswith("sqlite"):
            wait_until_ready(live)
            yield live
            return
        with (data_dir / "worker.log").open("wb") as log:
            worker = subprocess.Popen(cli("worker"), env=live.env, stdout=log, stderr=log)
            try:
                wait_until_ready(live)
                yield live
            finally:
                stop_process(worker)


@contextlib.contextmanager
def demo_server(databases: SqliteDatabases, redis: EmbeddedRedis, data_dir: Path,
                env: dict[str, str] | None = None, kind: str = "demo") -> Iterator[LiveServer]:  # fmt: skip
    """`start_server` on a fresh copy of the demo SQLite database (`kind="history"`: with
    its past year, as `talentgate demo` has it), dropped afterwards."""
    path = databases.create(kind)
    try:
        with start_server(sqlite_url(path), data_dir, env=env, redis_url=redis.url) as server:
            yield server
    finally:
        databases.drop(path)


@pytest.fixture(scope="module")
def live_server(sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # fmt: skip
    with demo_server(sqlite_databases, redis_server, tmp_path_factory.mktemp("live")) as server:
        yield server
