"""A production-shaped deployment on loopback, with every part a real process that can be
killed and started again: PostgreSQL (a cluster of its own), PgBouncer in transaction mode
in front of it, Redis, N `talentgate serve` and M `talentgate worker` processes, started
with the commands of ops/Procfile, as the README's production section says. The
resilience tests and bench/chaos.py use it.

    with Deployment(tmp_path, gateways=2, workers=2) as d:
        d.gateway(0).gql(...)            # a LiveServer (tests/support/live_server.py)
        d.kill_worker(1); d.start_worker(1)
        d.kill_redis(keep_data=False); d.start_redis()
        d.stop_postgres(); d.start_postgres()
"""

from __future__ import annotations

import asyncio
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
from tortoise import Tortoise

from gateway.embedded_redis import EmbeddedRedis, free_port
from gateway.http.health import wait_until_healthy
from resolvers.core.ids import encode_id
from schema.db import tortoise_config
from tests.support.applicants import applicants
from tests.support.live_server import LiveServer, cli, server_env, stop_process
from tests.support.pgbouncer import PgBouncer, pgbouncer_or_skip
from tests.support.postgres import ThrowawayCluster, find_bindir, postgres_required, with_database

DATABASE = "talentgate"


PROCFILE = Path(__file__).resolve().parents[2] / "ops" / "Procfile"


def procfile() -> dict[str, list[str]]:
    """ops/Procfile's process types → the arguments after `talentgate` (the deployment here
    runs what the recipe says, not a variant of it)."""
    kinds = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, command = line.partition(":")
            program, *args = shlex.split(command)
            assert program == "talentgate", line
            kinds[kind.strip()] = args
    return kinds


def until(what: str, check: Callable[[], bool], seconds: float, log: Callable[[], str] = lambda: "") -> None:
    """Wait for `check()`; an AssertionError naming `what` with the log's tail if it never holds."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not {what} within {seconds:g} s:\n{log()[-4000:]}"
        time.sleep(0.2)


def worker_seen(live: LiveServer) -> bool:
    """/readyz answers 200 and names a worker's recent heartbeat."""
    try:
        answer = live.get("/readyz")
    except httpx.TransportError:
        return False
    return answer.status_code == 200 and answer.json().get("worker", "").startswith("seen")


SCHOOL = '{ serviceItems(first: 5, filter: {code: {eq: "sjz.school"}}) { edges { node { id } } } }'
SUBMIT = """mutation($t: ID!, $i: [ID!]!) {
  submitServiceRequest(input: {talentId: $t, itemIds: $i})
  { serviceRequest { id } userErrors { code field message } } }"""
HANDOFFS_OF = """query($r: ID!) { handoffs(first: 5, filter: {serviceRequestId: {eq: $r}})
                                   { edges { node { status } } } }"""


def school_item(live: LiveServer) -> str:
    return live.gql(SCHOOL, as_user="changan_window")["data"]["serviceItems"]["edges"][0]["node"]["id"]


def submit_at_window(live: LiveServer, talent: str) -> str:
    """The window submits the school item (one handoff) for `talent`; the request's id."""
    submitted = live.gql(SUBMIT, {"t": talent, "i": [school_item(live)]}, as_user="changan_window")
    payload = submitted["data"]["submitServiceRequest"]
    assert payload["userErrors"] == [], payload
    return payload["serviceRequest"]["id"]


def handoff_statuses(live: LiveServer, request_id: str) -> list[str]:
    answer = live.gql(HANDOFFS_OF, {"r": request_id}, as_user="sjz_edu_handler")
    return [e["node"]["status"] for e in answer["data"]["handoffs"]["edges"]]


def deliver_one(live: LiveServer, seconds: float = 20, talent: str | None = None) -> None:
    """A service request submitted at the window reaches the education bureau's inbox: the
    mutation's job went through Redis and a worker (the demo talent's, unless `talent`)."""
    if talent is None:
        talent = live.gql("{ me { talent { id } } }", as_user="talent_demo")["data"]["me"]["talent"]["id"]
    request_id = submit_at_window(live, talent)

    until("delivered", lambda: handoff_statuses(live, request_id) == ["DELIVERED"], seconds, live.log)


async def _add_applicants(database_url: str, n: int) -> list[int]:
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        return await applicants(n)
    finally:
        await Tortoise.close_connections()


class Service:
    """One `talentgate …` process of the deployment, started again with the same settings."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name, self.args, self.env, self.log_path = name, args, env, log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(cli(*self.args), env=self.env, stdout=log, stderr=log)
        self.starts += 1

    def signal(self, sig: signal.Signals) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, seconds: float = 30) -> int:
        assert self.proc is not None
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def stop(self) -> None:
        """SIGTERM, as an operator stops it: time to drain, then SIGKILL."""
        if self.proc is not None:
            stop_process(self.proc, 40)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Deployment:
    def __init__(self, base: Path, *, gateways: int = 2, workers: int = 2, pool_size: int = 8,
                 applicants: int = 10, env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.base = base
        self.n_applicants = applicants
        self.talents: list[str] = []  # global ids of talents who may each submit once
        self.n_gateways, self.n_workers = gateways, workers
        self.pool_size = pool_size
        self.extra_env = env or {}
        self.cluster: ThrowawayCluster | None = None
        self.bouncer: PgBouncer | None = None
        self.redis: EmbeddedRedis | None = None
        self.gateways: list[Service] = []
        self.workers: list[Service] = []
        self.ports: list[int] = []

    # -- life ---------------------------------------------------------------------------

    def start(self) -> Deployment:
        bindir = find_bindir()
        if bindir is None:
            message = "PostgreSQL is not installed"
            if postgres_required():
                raise AssertionError(message)
            import pytest

            pytest.skip(message)
        executable = pgbouncer_or_skip()
        self.cluster = ThrowawayCluster(bindir).start()
        subprocess.run(["psql", "-q", self.cluster.url, "-c", f"CREATE DATABASE {DATABASE}"],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        self.bouncer = PgBouncer(self.cluster.url, pool_size=self.pool_size, executable=executable).start()
        self.redis = EmbeddedRedis(self.base / "redis")
        direct = server_env(self.direct_url, self.base / "data", self.redis.url)
        # The schema and the demo data, straight to PostgreSQL (as an operator migrates).
        subprocess.run(cli("seed"), env=direct, check=True, capture_output=True, timeout=300)
        added = asyncio.run(_add_applicants(self.direct_url, self.n_applicants))
        self.talents = [encode_id("Talent", t) for t in added]
        env = {**server_env(self.bouncer.url(DATABASE), self.base / "data", self.redis.url),
               "LOG_FORMAT": "json", **self.extra_env}  # fmt: skip
        commands = procfile()
        for i in range(self.n_gateways):
            port = free_port()
            self.ports.append(port)
            args = [a.replace("$PORT", str(port)) for a in commands["web"]]
            self.gateways.append(Service(f"gateway-{i}", args, env, self.base / f"gateway-{i}.log"))
        self.workers = [Service(f"worker-{i}", commands["worker"], env, self.base / f"worker-{i}.log")
                        for i in range(self.n_workers)]  # fmt: skip
        for i in range(self.n_gateways):
            self.start_gateway(i)
        for worker in self.workers:
            worker.start()
        until("ready", lambda: all(worker_seen(self.gateway(i)) for i in range(self.n_gateways)), 60,
              self.logs)  # fmt: skip
        return self

    def stop(self) -> None:
        for service in (*self.gateways, *self.workers):
            service.stop()
        for part in (self.redis, self.bouncer, self.cluster):
            if part is not None:
                part.stop()

    def __enter__(self) -> Deployment:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.stop()

    # -- parts --------------------------------------------------------------------------

    @property
    def direct_url(self) -> str:
        assert self.cluster is not None
        return with_database(self.cluster.url, DATABASE)

    def gateway(self, i: int) -> LiveServer:
        service = self.gateways[i]
        return LiveServer(f"http://127.0.0.1:{self.ports[i]}", service.log_path, service.env)

    def start_gateway(self, i: int) -> None:
        service = self.gateways[i]
        service.start()
        assert service.proc is not None
        wait_until_healthy(f"http://127.0.0.1:{self.ports[i]}", service.proc, service.log_path, 60)

    def kill_gateway(self, i: int) -> None:
        self.gateways[i].kill()

    def start_worker(self, i: int) -> None:
        self.workers[i].start()

    def kill_worker(self, i: int) -> None:
        self.workers[i].kill()

    def kill_redis(self, *, keep_data: bool) -> None:
        """SIGKILL Redis; without its data, its append-only files go too (a new, empty Redis)."""
        assert self.redis is not None and self.redis.pid is not None
        self.redis.process.kill()  # type: ignore[union-attr]
        self.redis.process.wait()  # type: ignore[union-attr]
        if not keep_data:
            for path in self.redis.data_dir.iterdir():
                if path.name.startswith("appendonly") or path.suffix in (".aof", ".rdb"):
                    shutil.rmtree(path) if path.is_dir() else path.unlink()

    def start_redis(self) -> None:
        assert self.redis is not None
        self.redis.start()

    def stop_postgres(self) -> None:
        assert self.cluster is not None
        self.cluster.pause()

    def start_postgres(self) -> None:
        assert self.cluster is not None
        self.cluster.resume()

    def psql(self, sql: str) -> list[list[str]]:
        """Rows of a query run straight on PostgreSQL (the checks at the end)."""
        done = subprocess.run(["psql", "-qAt", "-F", "\t", self.direct_url, "-c", sql],
                              check=True, capture_output=True, text=True, timeout=60)  # fmt: skip
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def count(self, rows: str) -> int:
        """`SELECT count(*) FROM <rows>` straight on PostgreSQL (`rows`: a table and its WHERE)."""
        return int(self.psql(f"SELECT count(*) FROM {rows}")[0][0])

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.log()[-2000:]}" for s in (*self.gateways, *self.workers))

    def metrics(self, i: int = 0) -> str:
        return self.gateway(i).get("/metrics").text

    def describe(self) -> dict[str, Any]:
        return {s.name: s.starts for s in (*self.gateways, *self.workers)}
