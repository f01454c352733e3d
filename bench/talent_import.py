"""Talent import (人才导入) end to end: upload through the ASGI app, then the real arq worker.

    python -m bench.talent_import [--rows 10000] [--sqlite] [--database-url URL]

Default database: a throwaway PostgreSQL (as the tests start one); --sqlite uses a temporary
SQLite file. Runs a first import (every row new), the same file again (every row unchanged)
and once more with every phone changed (every row updated). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from tortoise import Tortoise

from bench.services import services
from gateway.app import create_app
from gateway.demo import seed_demo
from resolvers.core.settings import Settings
from schema.db import apply_migrations, tortoise_config
from schema.models import TalentImport
from tests.support.graphql import GraphQLClient
from tests.support.talent_sheets import employer_code, sheet, talent_row, upload
from tests.support.worker import drain

COUNTIES = ("130102", "130123")
CATEGORIES = ("sjz.A", "sjz.B", "sjz.C", "sjz.D", "sjz.E", None)


def rows(count: int, phone: str) -> list[list[object]]:
    out = []
    for i in range(count):
        place = COUNTIES[i % 2]
        employer = (f"基准单位{i % 200}", employer_code(i % 200, "130102"))
        out.append(talent_row(i, place=place, category=CATEGORIES[i % 6], employer=employer, phone=phone))
    return out


async def one_import(client: GraphQLClient, redis_url: str, content: bytes, label: str) -> None:
    start = time.perf_counter()
    response = await upload(client, content, "VALID_ROWS_ONLY", as_user="sjz_admin")
    upload_s = time.perf_counter() - start
    assert response.status_code == 202, response.text
    start = time.perf_counter()
    await drain(redis_url)
    worker_s = time.perf_counter() - start
    job = await TalentImport.all().order_by("-id").first()
    assert job is not None
    print(f"{label}: {job.total_rows} rows, upload (checked, queued) {upload_s:.2f}s, worker {worker_s:.2f}s "
          f"({job.total_rows / worker_s:.0f} rows/s) → {job.status.value}, created {job.created_count}, "
          f"updated {job.updated_count}, errors {job.error_count}")  # fmt: skip


async def run(args: argparse.Namespace, url: str, redis_url: str, tmp: Path) -> None:
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    await seed_demo()
    app = create_app(Settings(data_dir=tmp, database_url=url, redis_url=redis_url), migrate=False)
    from arq.connections import RedisSettings, create_pool

    app.state.redis = await create_pool(RedisSettings.from_dsn(redis_url))
    client = GraphQLClient(app)
    first = sheet(rows(args.rows, "13800138000"))
    print(f"database: {url.split('@')[-1]}  sheet: {len(first) / 1e6:.1f} MB")
    await one_import(client, redis_url, first, "new talents")
    await one_import(client, redis_url, first, "same file again")
    await one_import(client, redis_url, sheet(rows(args.rows, "13900139000")), "every phone changed")
    await client.close()
    await app.state.redis.aclose()
    await Tortoise.close_connections()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with services(args.database_url, sqlite=args.sqlite) as (url, redis_url, tmp):
        await run(args, url, redis_url, tmp)

if __name__ == "__main__":
    asyncio.run(main())
