"""Handoff delivery throughput and the latency enqueueing adds to a submission.

    python -m bench.handoff_throughput [--requests 1000] [--clients 8] [--database-url URL]
                                      [--redis-url URL]

Submits N requests (sjz.household + sjz.school: 3 handoffs each) through the GraphQL API,
then runs one worker process (`talentgate worker`) and times how fast it delivers every
handoff. Without URLs it starts a throwaway PostgreSQL cluster and an embedded Redis.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from arq.connections import RedisSettings, create_pool
from tortoise import Tortoise

import jobs.outbox.staging as outbox
from bench.services import services
from gateway.app import create_app
from gateway.demo import seed_demo
from permissions.bootstrap import ensure_default_policy
from resolvers.core.ids import encode_id
from resolvers.core.local_keys import throwaway_keys
from resolvers.core.settings import Settings
from schema.db import apply_migrations, tortoise_config
from schema.models import Handoff, ServiceItem
from schema.models.enums import HandoffStatus
from tests.support.applicants import applicants
from tests.support.graphql import GraphQLClient

SUBMIT = """mutation($t: ID!, $i: [ID!]!) { submitServiceRequest(input: {talentId: $t, itemIds: $i}) {
  userErrors { code message } } }"""


async def submit_all(
    client: GraphQLClient, talents: list[int], items: list[str], clients: int
) -> list[float]:
    latencies: list[float] = []
    queue = asyncio.Queue()
    for t in talents:
        queue.put_nowait(t)

    async def one_client() -> None:
        while not queue.empty():
            t = queue.get_nowait()
            start = time.perf_counter()
            variables = {"t": encode_id("Talent", t), "i": items}
            data = await client.data(SUBMIT, variables, as_user="changan_window")
            latencies.append((time.perf_counter() - start) * 1000)
            assert data["submitServiceRequest"]["userErrors"] == [], data

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies


def _timed_soon(redis, keys) -> tuple[float, int]:
    """What a submission waits for: handing the keys to a background task."""
    keys = list(keys)
    start = time.perf_counter()
    outbox.enqueue_soon(redis, keys)
    return (time.perf_counter() - start) * 1000, len(keys)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    with services(args.database_url, args.redis_url) as (url, redis_url, tmp):
        await run(args, url, redis_url, tmp)

async def run(args: argparse.Namespace, url: str, redis_url: str, tmp: Path) -> None:
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    await ensure_default_policy()
    await seed_demo()
    talents = await applicants(args.requests)
    wanted = await ServiceItem.filter(code__in=["sjz.household", "sjz.school"])
    items = [encode_id("ServiceItem", i.id) for i in wanted]
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    app = create_app(Settings(data_dir=tmp, database_url=url, redis_url=redis_url, policy_cache_seconds=600),
                     migrate=False)  # fmt: skip
    app.state.redis = pool
    client = GraphQLClient(app)

    enqueued: list[tuple[float, int]] = []

    import resolvers.core.mutations as mutations

    mutations.enqueue_soon = lambda redis, keys: enqueued.append(_timed_soon(redis, keys))
    start = time.perf_counter()
    latencies = await submit_all(client, talents, items, args.clients)
    submit_s = time.perf_counter() - start
    mutations.enqueue_soon = outbox.enqueue_soon
    await outbox.settle_background()
    total = await Handoff.filter(status=HandoffStatus.PENDING).count()
    print(f"database: {url.split('@')[-1]}  redis: {redis_url}")
    print(f"submitted {len(latencies)} requests ({total} handoffs) with {args.clients} clients in "
          f"{submit_s:.1f}s: {len(latencies) / submit_s:.0f} req/s, latency median "
          f"{statistics.median(latencies):.1f} ms p95 {p95(latencies):.1f} ms")  # fmt: skip
    enqueue_ms = [ms for ms, _ in enqueued]
    jobs = sum(n for _, n in enqueued)
    print(f"enqueue after commit ({jobs / len(enqueued):.1f} jobs per request): added to each "
          f"submission median {statistics.median(enqueue_ms):.3f} ms  p95 {p95(enqueue_ms):.3f} ms")

    env = {**os.environ, **throwaway_keys(), "DATABASE_URL": url, "REDIS_URL": redis_url}
    log = (tmp / "worker.log").open("wb")
    worker = await asyncio.create_subprocess_exec(sys.executable, "-m", "gateway.cli", "worker",
                                                  env=env, stdout=log, stderr=log)  # fmt: skip
    start = time.perf_counter()
    first_done = None
    while True:
        left = await Handoff.filter(status=HandoffStatus.PENDING).count()
        if first_done is None and left < total:
            first_done = time.perf_counter()
        if left == 0:
            break
        if time.perf_counter() - start > 600:
            print("gave up after 600 s;", left, "left; see", tmp / "worker.log")
            break
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - (first_done or start)
    delivered = await Handoff.filter(status=HandoffStatus.DELIVERED).count()
    cpu = cpu_seconds(worker.pid)
    worker.terminate()
    await worker.wait()
    log.close()
    print(f"one worker delivered {delivered}/{total} handoffs in {elapsed:.1f}s: "
          f"{delivered / elapsed:.0f} handoffs/s; lost: {total - delivered}")
    print(f"worker CPU {cpu:.1f}s, {cpu * 1000 / max(delivered, 1):.2f} ms per handoff (start-up included)")
    await client.close()
    await pool.aclose()
    await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
