"""Requests per second and latency of a real `talentgate serve` answering fixed queries.

    python -m bench.runtime [--seconds 10] [--clients 1 10] [--query handoffs me]
                            [--source DIR] [--database-url URL] [--redis-url URL]

Loads the demo data (`talentgate seed`), starts `talentgate serve` as a deployment runs
it, signs in as sjz_admin and sends a page of handoffs (department, item, applicant),
then `{ me { … } }`, from 1, then 10, clients in a loop for `--seconds` each (after a
one-second warm-up), over HTTP with httpx.AsyncClient. `--source` runs the server from
another tree (e.g. `git archive HEAD` unpacked) to compare with the checkout. Without
URLs it starts a throwaway PostgreSQL cluster and an embedded Redis. Prints figures (and
the server's start-up line naming its event loop and HTTP parser); asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.services import services
from gateway.embedded_redis import free_port
from gateway.http.health import wait_until_healthy
from resolvers.core.local_keys import throwaway_keys

LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"""
QUERIES = {
    "handoffs": """{ handoffs(first: 20) { totalCount nodes { id status dueOn isLead overdue createdAt
      department { name } item { name } applicant { name } } } }""",
    "me": "{ me { username roles scopes } }",
}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


async def loop(base: str, token: str, query: str, clients: int, seconds: float) -> tuple[int, list[float]]:
    """(requests sent, the warm-up's included; latencies in ms after the warm-up)."""
    latencies: list[float] = []
    warm_up: list[None] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:

        async def one(until: float, record: bool) -> None:
            while (now := time.perf_counter()) < until:
                response = await http.post("/graphql", json={"query": query})
                assert response.status_code == 200 and "errors" not in response.json(), response.text
                if record:
                    latencies.append((time.perf_counter() - now) * 1000)
                else:
                    warm_up.append(None)

        warm = time.perf_counter() + 1.0
        await asyncio.gather(*(one(warm, False) for _ in range(clients)))
        await asyncio.gather(*(one(time.perf_counter() + seconds, True) for _ in range(clients)))
    return len(warm_up) + len(latencies), latencies


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process (Linux /proc): per request, it tells more
    than wall time on a machine busy with other work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args: argparse.Namespace, url: str, redis_url: str, tmp: Path) -> None:
    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": url, "REDIS_URL": redis_url,
           "TALENTGATE_DATA_DIR": str(tmp)}  # fmt: skip
    cli = [sys.executable, "-m", "gateway.cli"]
    source = args.source.resolve()  # `-m` runs the gateway of this tree (the checkout by default)
    subprocess.run([*cli, "seed"], env=env, cwd=source, check=True, capture_output=True, timeout=300)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=source,
                                  stdout=log, stderr=log)  # fmt: skip
    try:
        wait_until_healthy(base, server, log_path)
        body = httpx.post(f"{base}/graphql", json={"query": LOGIN, "variables": {
            "u": "sjz_admin", "p": "demo-pass-2026"}}, timeout=30).json()  # fmt: skip
        token = body["data"]["login"]["token"]
        started = [line for line in log_path.read_text(errors="replace").splitlines() if "event loop" in line]
        print(f"database: {url.split('@')[-1]}  {started[0].strip() if started else '(no event loop line)'}")
        for name in args.query:
            for clients in args.clients:
                cpu = cpu_seconds(server.pid)
                sent, latencies = asyncio.run(loop(base, token, QUERIES[name], clients, args.seconds))
                cpu_ms = (cpu_seconds(server.pid) - cpu) * 1000 / sent
                print(f"{name:<8} {clients:>3} client(s), {args.seconds:.0f} s: "
                      f"{len(latencies) / args.seconds:7.1f} req/s  "
                      f"median {statistics.median(latencies):6.2f} ms  p95 {p95(latencies):6.2f} ms  "
                      f"max {max(latencies):6.1f} ms  server CPU {cpu_ms:5.2f} ms/req")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--query", nargs="+", choices=sorted(QUERIES), default=["handoffs", "me"])
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the source tree to run the server from (e.g. an export of another commit)",
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    with services(args.database_url, args.redis_url) as (url, redis_url, tmp):
        run(args, url, redis_url, tmp)


if __name__ == "__main__":
    main()
