"""Anonymous card verification (GET /cards/verify) throughput and latency over real HTTP.

    python -m bench.card_verification [--cards 5000] [--seconds 10] [--clients 1,10]
                                      [--servers 1] [--database-url URL] [--redis-url URL]

Starts `talentgate serve` in a subprocess (or --servers N of them on N ports, the
"several uvicorn processes behind a load balancer" of DESIGN §7, the clients spread over
them) on a throwaway PostgreSQL cluster (or --database-url, an empty database) and an embedded Redis (or
--redis-url). Creates cards, signs their tokens with a fresh key handed to the servers as
CARD_SIGNING_KEYS, then lets 1 and 10 keep-alive clients check tokens as fast as the
servers answer. Every check is a cold one: the servers cache nothing.

The per-address rate limit is raised for the run (every client comes from 127.0.0.1).
Prints figures with the machine's load average (other work on the two cores shows in
them); asserts nothing. Target: >= 1,000 checks/s with p95 <= 15 ms at 10 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from tortoise import Tortoise

from bench.handoff_throughput import cpu_seconds
from bench.services import services
from gateway.demo import seed_demo
from gateway.embedded_redis import free_port
from permissions.bootstrap import ensure_default_policy
from resolvers.cards.tokens import keyring, new_signing_key, sign
from resolvers.core.local_keys import throwaway_keys
from resolvers.core.settings import Settings, parse_signing_keys
from resolvers.core.validation import make_resident_id
from schema.clock import china_today
from schema.db import apply_migrations, tortoise_config
from schema.models import Card, CardTier, Talent

RAISED_LIMIT = "1000000"
WARM_UP_SECONDS = 1.0


async def bench_cards(n: int) -> list[str]:
    """N talents in 长安区 holding an active A card; their card numbers."""
    tier = await CardTier.get(code="A", programme__code="sjz.greencard")
    born, today = date(1970, 1, 1), china_today()
    await Talent.bulk_create([
        Talent(name=f"验卡{i}", gender="FEMALE", jurisdiction_id="130102",
               id_number=make_resident_id("130102", born + timedelta(days=i // 500), i % 500, False))
        for i in range(n)
    ])  # fmt: skip
    ids = await Talent.filter(name__startswith="验卡").order_by("id").values_list("id", flat=True)
    numbers = [f"BENCH-V-{i:06d}" for i in range(len(ids))]
    await Card.bulk_create([
        Card(number=number, programme_id=tier.programme_id, tier_id=tier.id, holder_id=tid,
             jurisdiction_id="130102", issued_on=today, expires_on=today + timedelta(days=1800))
        for number, tid in zip(numbers, ids, strict=True)
    ])  # fmt: skip
    return numbers


class Connection:
    """One keep-alive HTTP/1.1 connection in a few lines of asyncio, so the client takes
    little of the two cores (httpx spends several times more CPU per request)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def get(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return int(head[9:12]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def run_clients(
    ports: list[int], requests: list[bytes], clients: int, seconds: float
) -> dict[str, float]:
    """`clients` connections (spread over `ports`) checking tokens in turn for `seconds`
    after a warm-up; each waits for its answer before asking again."""
    latencies: list[float] = []
    failures = 0
    start = time.perf_counter()
    measure_from, until = start + WARM_UP_SECONDS, start + WARM_UP_SECONDS + seconds

    async def client(k: int) -> None:
        nonlocal failures
        connection = await Connection.open(ports[k % len(ports)])
        i = k
        try:
            while (now := time.perf_counter()) < until:
                status, body = await connection.get(requests[i % len(requests)])
                i += clients
                if now >= measure_from:
                    latencies.append(time.perf_counter() - now)
                    failures += status != 200 or not body.startswith(b'{"valid":true')
        finally:
            connection.close()

    await asyncio.gather(*(client(k) for k in range(clients)))
    ms = statistics.quantiles([x * 1000 for x in latencies], n=100)
    return {"rate": len(latencies) / seconds, "count": len(latencies), "p50": ms[49], "p95": ms[94],
            "p99": ms[98], "failures": failures}  # fmt: skip


async def start_server(env: dict[str, str], port: int, log: Path) -> asyncio.subprocess.Process:
    handle = log.open("wb")
    command = [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)]
    process = await asyncio.create_subprocess_exec(*command, env=env, stdout=handle, stderr=handle)
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            try:
                if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            if process.returncode is not None:
                break
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server did not start; see {log}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def run(args: argparse.Namespace, url: str, redis_url: str, tmp: Path) -> None:
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    await ensure_default_policy()
    await seed_demo()
    numbers = await bench_cards(args.cards)
    await Tortoise.close_connections()

    keys = f"bench1:{new_signing_key()}"
    ring = keyring(Settings(card_signing_keys=parse_signing_keys(keys)))
    requests = [f"GET /cards/verify?token={sign(ring, n)} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
                for n in numbers]  # fmt: skip
    env = {
        **os.environ, **throwaway_keys(), "DATABASE_URL": url, "REDIS_URL": redis_url,
        "TALENTGATE_DATA_DIR": str(tmp),
        "CARD_SIGNING_KEYS": keys, "CARD_VERIFY_RATE": RAISED_LIMIT, "CARD_VERIFY_BURST": RAISED_LIMIT,
    }  # fmt: skip
    ports = [free_port() for _ in range(args.servers)]
    servers = [await start_server(env, port, tmp / f"server-{port}.log") for port in ports]
    print(f"database: {url.split('@')[-1]}  redis: {redis_url}  cards: {len(numbers)}")
    print(f"{args.servers} × `talentgate serve` (one uvicorn process each, access log on); per-address rate "
          f"limit raised to {RAISED_LIMIT}/s for the run (CARD_VERIFY_RATE, CARD_VERIFY_BURST)")  # fmt: skip
    try:
        for clients in args.clients:
            load = load_average()
            cpu_before = sum(cpu_seconds(s.pid) for s in servers)
            wall = time.perf_counter()
            figures = await run_clients(ports, requests, clients, args.seconds)
            cpu = sum(cpu_seconds(s.pid) for s in servers) - cpu_before
            wall = time.perf_counter() - wall
            print(f"{clients:>3} client(s): {figures['rate']:6.0f} checks/s  p50 {figures['p50']:5.2f} ms  "
                  f"p95 {figures['p95']:5.2f} ms  p99 {figures['p99']:6.2f} ms  "
                  f"failures {figures['failures']}  server CPU {cpu * 1000 / figures['count']:.2f} ms/check, "
                  f"{cpu / wall:.2f} cores  (load average before: {load})")  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
            await server.wait()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[1, 10])
    parser.add_argument("--servers", type=int, default=1, help="`talentgate serve` processes")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    with services(args.database_url, args.redis_url) as (url, redis_url, tmp):
        await run(args, url, redis_url, tmp)

if __name__ == "__main__":
    asyncio.run(main())
