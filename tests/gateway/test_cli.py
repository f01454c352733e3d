"""The command line as an operator uses it: demo, createuser, migrate."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.embedded_redis import free_port
from resolvers.core.settings import Settings
from tests.support.graphql import GraphQLClient

pytestmark = pytest.mark.heavy

LOGIN = 'mutation { login(input: {username: "%s", password: "%s"}) { token userErrors { code } } }'


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", *args]


def _wait_ready(base: str, proc: subprocess.Popen, log: Path) -> dict:
    # A first start seeds the whole demo, its year of history included: on two busy cores
    # (the suite runs a worker per core) that has taken over a minute.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            ready = httpx.get(f"{base}/readyz", timeout=1)
            if ready.status_code == 200 and ready.json().get("worker", "").startswith("seen"):
                return ready.json()
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("demo not ready: " + log.read_text())


def test_demo_starts_with_embedded_redis_and_worker_and_keeps_its_data(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token = None
    for run in (1, 2):
        log = tmp_path / f"demo{run}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(_cli("demo", "--port", str(port)), cwd=tmp_path, env=env,
                                    stdout=out, stderr=out)  # fmt: skip
            try:
                ready = _wait_ready(base, proc, log)
                assert ready["database"] == ready["redis"] == "ok"
                body = httpx.post(f"{base}/graphql",
                                  json={"query": LOGIN % ("sjz_admin", "demo-pass-2026")}).json()
                token = token or body["data"]["login"]["token"]
                # The demo keeps its session key in its data folder: run 1's token still opens run 2.
                me = httpx.post(f"{base}/graphql", json={"query": "{ me { username } }"},
                                headers={"Authorization": f"Bearer {token}"}).json()
                assert me["data"]["me"]["username"] == "sjz_admin", me
                # The console and GraphiQL come from the package: no Node, no CDN.
                assert "人才服务工作台" in httpx.get(f"{base}/console/").text
                assert "/console/assets/graphiql-" in httpx.get(f"{base}/graphiql").text
            finally:
                proc.send_signal(signal.SIGINT)
                assert proc.wait(timeout=20) == 0, log.read_text()
        text = log.read_text()
        assert ("demo data loaded" if run == 1 else "existing data") in text
        assert "changan_admin" in text and "demo-pass-2026" in text
    assert (tmp_path / "talentgate-data" / "talentgate.sqlite3").exists()
    assert (tmp_path / "talentgate-data" / "jwt.key").stat().st_mode & 0o077 == 0
    assert not list((tmp_path / "talentgate-data").glob("redis/*.pid"))


async def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *_cli(*args), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, err = await proc.communicate()
    return proc.returncode, err.decode()


async def test_createuser_then_login(db: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": db, "TALENTGATE_PASSWORD": "s3cret-pass!"}
    grant = ("--role", "province_admin", "--scope", "jur:130000")
    code, err = await _run(env, "createuser", "ops_root", *grant)
    assert code == 0, err
    code, err = await _run(env, "createuser", "ops_root", *grant)
    assert code == 1 and "exists" in err
    code, err = await _run(env, "createuser", "x", "--role", "king", "--scope", "jur:130000")
    assert code == 2 and "unknown role" in err
    app = create_app(Settings(data_dir=tmp_path, database_url=db), migrate=False)
    client = GraphQLClient(app)
    try:
        assert await client.login("ops_root", "s3cret-pass!")
        me = await client.data("{ me { roles scopes } }", as_user="ops_root")
        assert me["me"] == {"roles": ["province_admin"], "scopes": ["jur:130000"]}
    finally:
        await client.close()
