"""`talentgate demo --province`: the provincial platform on one machine.

Three `talentgate serve` processes — 山东省 (the province), 济南 and 青岛 — each with its
own SQLite file and keys under ./talentgate-data/province/<name>/, one embedded Redis (a
database number each), and one PROVINCE_KEY, so one person has one idHash everywhere.
Once they answer, the province registers both cities as sources (an API token of the
`federation` role at each city, for its own jurisdiction; the city's e-card public keys),
its worker pulls their feeds within seconds, and each city checks cards it did not issue
at the province (an API token of a `card_verifier` there). The URLs are printed; Ctrl-C
stops everything.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gateway.demo.data import DEMO_PASSWORD
from gateway.demo.province import NODES, Node
from gateway.embedded_redis import EmbeddedRedis
from gateway.http.health import wait_until_healthy
from resolvers.core.local_keys import kept_secret, new_card_key, new_jwt_key, new_secret_key

START_SECONDS = 120
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"""
TOKEN = """mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
  token userErrors { field code message } } }"""
KEYS = "{ cardVerificationKeys { kid publicKey } }"
SOURCES = "{ sources(first: 10) { edges { node { id name } } } }"
REGISTER = """mutation($input: RegisterSourceInput!) { registerSource(input: $input) {
  source { id } userErrors { field code message } } }"""
UPDATE = """mutation($input: UpdateSourceInput!) { updateSource(input: $input) {
  source { id } userErrors { field code message } } }"""


@dataclass
class Running:
    """A node's `serve`: started by `start()`, and by it again (the same port and data)
    when it has exited."""

    node: Node
    base: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] = field(init=False)

    @property
    def log_path(self) -> Path:
        return Path(self.env["TALENTGATE_DATA_DIR"]) / "server.log"

    def start(self) -> None:
        """`serve`, its output appended to the node's server.log."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, env=self.env, stdout=log, stderr=log)

    def answers(self) -> bool:
        """/healthz answers 200 now."""
        try:
            return httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False


def node_env(root: Path, node: Node, redis_url: str, province_key: str) -> dict[str, str]:
    """What `serve` needs, kept in the node's folder so a second start finds its keys."""
    folder = root / node.name
    kid = f"{node.name[:2]}{secrets.token_hex(2)}"  # card keys must not share ids across nodes
    return {
        "LOG_FORMAT": "text",  # a demo's logs are read by a person (unless LOG_FORMAT says otherwise)
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'talentgate.db'}",
        "TALENTGATE_DATA_DIR": str(folder),
        "REDIS_URL": redis_url,
        "JWT_KEYS": kept_secret(folder, "jwt.key", new_jwt_key(kid)),
        "CARD_SIGNING_KEYS": kept_secret(folder, "card-signing.key", new_card_key(kid)),
        "AUDIT_CHECKPOINT_KEY": kept_secret(folder, "audit-checkpoint.key", new_secret_key(kid)),
        "PROVINCE_KEY": province_key,
        "DEBUG": "1",
    }


def redis_database(url: str, number: int) -> str:
    return f"{url.rsplit('/', 1)[0]}/{number}"


def seed_all(envs: dict[str, dict[str, str]]) -> None:
    """Each node's demo data, each in a process of its own (one ORM per process), at once."""
    seeding = {
        node.name: subprocess.Popen([sys.executable, "-m", "gateway.province_demo", "seed", node.name],
                                    env=envs[node.name], stderr=subprocess.PIPE, text=True)
        for node in NODES
    }  # fmt: skip
    failed = []
    for name, process in seeding.items():
        _, stderr = process.communicate(timeout=600)
        if process.returncode != 0:
            failed.append(f"seeding {name} failed:\n{stderr}")
    if failed:
        raise RuntimeError("\n".join(failed))


@contextmanager
def serving_all(nodes: list[Node], envs: dict[str, dict[str, str]], host: str,
                ports: dict[str, int]) -> Iterator[list[Running]]:  # fmt: skip
    """`serve` for each node, started at once; yields once every one answers."""
    started: list[Running] = []
    try:
        for node in nodes:
            port = ports[node.name]
            command = [sys.executable, "-m", "gateway.cli", "serve", "--host", host, "--port", str(port)]
            running = Running(node, f"http://{host}:{port}", command, envs[node.name])
            running.start()
            started.append(running)
        for running in started:
            wait_until_healthy(running.base, running.process, running.log_path, START_SECONDS)
        yield started
    finally:
        for running in started:
            running.process.terminate()
        for running in started:
            try:
                running.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                running.process.kill()


@contextmanager
def serving(node: Node, env: dict[str, str], host: str, port: int) -> Iterator[Running]:
    with serving_all([node], {node.name: env}, host, {node.name: port}) as [running]:
        yield running


def gql(base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                      headers=headers, timeout=30).json()  # fmt: skip
    if body.get("errors"):
        raise RuntimeError(f"{base}: {body['errors'][0].get('message')}")
    return body["data"]


def login(base: str, username: str) -> str:
    return gql(base, LOGIN, {"u": username, "p": DEMO_PASSWORD})["login"]["token"]


def api_token(base: str, username: str, role: str, scope: str, name: str) -> str:
    """A fresh API token made by the office `username`, for `role` at `scope`, valid a year."""
    expires = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    variables = {"input": {"name": name, "role": role, "scope": scope, "expiresOn": expires}}
    made = gql(base, TOKEN, variables, login(base, username))["createApiToken"]
    if not made["token"]:
        raise RuntimeError(f"{base}: no API token: {made['userErrors']}")
    return str(made["token"])


def register_cities(province: Running, cities: list[Running]) -> None:
    """Register each city as a source of the province (or, on a later start, give the
    existing source the city's new address and token)."""
    admin = login(province.base, "shandong_admin")
    existing = {
        e["node"]["name"]: e["node"]["id"]
        for e in gql(province.base, SOURCES, token=admin)["sources"]["edges"]
    }
    for city in cities:
        token = api_token(city.base, city.node.admin, "federation", f"jur:{city.node.code}", "省级平台汇聚")
        keys = gql(city.base, KEYS)["cardVerificationKeys"]
        fields = {"url": city.base, "token": token, "cardKeys": keys}
        if city.node.title in existing:
            answer = gql(province.base, UPDATE, {"input": {"id": existing[city.node.title], **fields}}, admin)
            errors = answer["updateSource"]["userErrors"]
        else:
            variables = {"input": {"name": city.node.title, "jurisdictions": [city.node.code], **fields}}
            errors = gql(province.base, REGISTER, variables, admin)["registerSource"]["userErrors"]
        if errors:
            raise RuntimeError(f"registering {city.node.title}: {errors}")


@dataclass
class Cluster:
    """The three running deployments and what each was started with."""

    province: Running
    cities: list[Running]
    envs: dict[str, dict[str, str]]
    redis: EmbeddedRedis | None = None


@contextmanager
def cluster(root: Path, host: str, ports: dict[str, int]) -> Iterator[Cluster]:
    """Seed (once), start and connect the province and its cities under `root`; stop
    them all on leaving. `ports`: node name → port."""
    root.mkdir(parents=True, exist_ok=True)
    redis = EmbeddedRedis(root / "redis").start()
    try:
        province_key = kept_secret(root, "province.key", secrets.token_urlsafe(32))
        envs = {n.name: node_env(root, n, redis_database(redis.url, i + 1), province_key)
                for i, n in enumerate(NODES)}  # fmt: skip
        seed_all(envs)
        province_node, *city_nodes = NODES
        with serving(province_node, envs[province_node.name], host, ports[province_node.name]) as province:
            verifier = api_token(
                province.base, province_node.admin, "card_verifier", "jur:370000", "城市验卡"
            )
            for node in city_nodes:
                envs[node.name].update(PROVINCE_URL=province.base, PROVINCE_TOKEN=verifier)
            with serving_all(city_nodes, envs, host, ports) as cities:
                register_cities(province, cities)
                yield Cluster(province, cities, envs, redis)
    finally:
        redis.stop()


def ports_of(port: int) -> dict[str, int]:
    """Node name → its port: the province on `port`, the cities on the ones after it."""
    return {node.name: port + node.port_offset for node in NODES}


def run(host: str, port: int) -> int:
    try:
        with cluster(Path.cwd() / "talentgate-data" / "province", host, ports_of(port)) as running:
            _banner(running.province, running.cities)
            supervise(running, threading.Event())
    except KeyboardInterrupt:
        pass
    return 0


RESTART_FIRST_SECONDS = 0.5
RESTART_MAX_SECONDS = 10.0


def supervise(running: Cluster, stop: threading.Event, poll: float = 0.5) -> None:
    """Until `stop` is set: start again, on the same port, a deployment whose `serve` exited
    and the embedded Redis when it exits (after 0.5 s, then twice as long after each quick
    failure up to 10 s), each with one line saying what happened. The deployments' workers
    reconnect to Redis by themselves."""
    delays: dict[str, float] = {}
    due: dict[str, float] = {}

    def restart(name: str, what: str, code: int | None, start: Callable[[], None]) -> None:
        now = time.monotonic()
        if name not in due:
            delay = delays.get(name, RESTART_FIRST_SECONDS)
            due[name] = now + delay
            delays[name] = min(delay * 2, RESTART_MAX_SECONDS)
            print(f"talentgate: {what} exited (code {code}); restarting it in {delay:g} s",
                  file=sys.stderr, flush=True)  # fmt: skip
        elif now >= due[name]:
            del due[name]
            try:
                start()
            except Exception as exc:  # e.g. Redis's port taken meanwhile: try again later
                print(f"talentgate: starting {what} failed ({exc})", file=sys.stderr, flush=True)

    while not stop.wait(poll):
        redis = running.redis
        if redis is not None and not redis.running:
            code = redis.process.returncode if redis.process else None
            restart("redis", f"embedded Redis on port {redis.port}", code, redis.start)
        elif "redis" in delays and "redis" not in due:
            delays.pop("redis")
        for node in (running.province, *running.cities):
            if node.process.poll() is not None:
                restart(node.node.name, f"{node.node.title} ({node.base})", node.process.returncode,
                        node.start)  # fmt: skip
            elif node.node.name in delays and node.node.name not in due and node.answers():
                delays.pop(node.node.name)  # up again: a later exit waits 0.5 s again


def _banner(province: Running, cities: list[Running]) -> None:
    print("talentgate province demo — 山东省 and two cities, syncing every 2 s")
    for running in (province, *cities):
        folder = f"talentgate-data/province/{running.node.name}"
        print(f"  {running.node.title:<12} {running.base}/console/   (data: {folder})")
    print(
        f"Every account's password is {DEMO_PASSWORD}. At the province: shandong_admin (sources, "
        "cardHolders, talentMoves, netInflow); at 青岛: qingdao_admin, qingdao_window; at 济南: jinan_admin."
    )
    sys.stdout.flush()


def _seed_main(name: str) -> int:
    import asyncio

    from gateway.db import with_orm
    from gateway.demo.province import seed_node
    from resolvers.core.settings import get_settings

    node = next(n for n in NODES if n.name == name)
    asyncio.run(with_orm(get_settings(), lambda: seed_node(node, DEMO_PASSWORD)))
    return 0


if __name__ == "__main__":  # `python -m gateway.province_demo seed <node>`, run by `seed`
    sys.exit(_seed_main(sys.argv[2]))
