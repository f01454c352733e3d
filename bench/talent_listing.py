"""Talent list latency on a large table, and compiled scopes against Casbin's enforce().

    python -m bench.talent_listing [--talents 200000] [--database-url URL]

Without --database-url it uses a temporary SQLite file. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import casbin
from tortoise import Tortoise

from gateway.app import create_app
from gateway.demo import seed_demo
from permissions.compiled import CompiledPermissions
from permissions.enforcer import MODEL_PATH, enforce_any
from permissions.policy_cache import load_policy
from permissions.roles import ROLES, default_policy_lines
from permissions.scopes import covers
from resolvers.core.settings import Settings
from resolvers.core.validation import make_resident_id
from schema.db import apply_migrations, tortoise_config
from schema.models import Employer, Talent
from tests.support.graphql import GraphQLClient

COUNTIES = ["130102", "130123", "370102", "370171"]
PAGE = """query($after: String) { talents(first: 100, after: $after, orderBy: [{field: NAME}]) {
  pageInfo { endCursor } edges { node { id name idNumber jurisdiction { name }
  employer { name } category { name } activeCard { number tier { code } } } } } }"""


async def fill(n: int) -> None:
    employers = await Employer.all().values_list("id", "jurisdiction_id")
    rng = random.Random(7)
    base = await Talent.all().count()
    batch = []
    for i in range(n):
        county = COUNTIES[i % 4]
        emp = rng.choice([e for e, j in employers if j == county] or [None])
        day = i // 4000  # unique (county, birth, sequence, sex) for every i
        birth = date(1960 + day // 336, 1 + day // 28 % 12, 1 + day % 28)
        male = bool(i // 4 % 2)
        batch.append(Talent(
            name=f"测试{base + i}", gender="MALE" if male else "FEMALE",
            id_number=make_resident_id(county, birth, i // 8 % 500, male),
            jurisdiction_id=county, employer_id=emp,
        ))  # fmt: skip
        if len(batch) == 5000:
            await Talent.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        await Talent.bulk_create(batch, ignore_conflicts=True)


async def page_latency(client: GraphQLClient, user: str, pages: int) -> list[float]:
    times, after = [], None
    for _ in range(pages):
        start = time.perf_counter()
        data = await client.data(PAGE, {"after": after}, as_user=user)
        times.append((time.perf_counter() - start) * 1000)
        after = data["talents"]["pageInfo"]["endCursor"]
    return times


def enforce_figures(policy_lines: int = 3000, checks: int = 300) -> tuple[float, float]:
    rng = random.Random(3)
    enforcer = casbin.Enforcer(str(MODEL_PATH))
    enforcer.add_named_domain_matching_func("g", lambda req, grant: covers(grant, req))
    for line in default_policy_lines():
        enforcer.add_policy(*line)
    for i in range(policy_lines):  # many custom lines, as a large deployment accrues
        enforcer.add_policy(f"custom{i % 50}", f"res{i}", "read")
    grants = [(rng.choice(ROLES), f"jur:{rng.choice(COUNTIES)}") for _ in range(3)]
    for role, scope in grants:
        enforcer.add_grouping_policy("user:u", role, scope)
    rows = [[f"jur:{rng.choice(COUNTIES)}", f"talent:{rng.randint(1, 9999)}"] for _ in range(checks)]
    start = time.perf_counter()
    for row in rows:
        enforce_any(enforcer, "user:u", row, "talent", "read")
    casbin_us = (time.perf_counter() - start) / checks * 1e6
    return casbin_us, grants  # type: ignore[return-value]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--talents", type=int, default=200_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite://{tmp / 'bench.sqlite3'}"
    await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url))
    from permissions.bootstrap import ensure_default_policy

    await ensure_default_policy()
    if await seed_demo():
        start = time.perf_counter()
        await fill(args.talents)
        print(f"filled {args.talents} talents in {time.perf_counter() - start:.1f}s")
    print(f"database: {url.split('@')[-1]}; talents: {await Talent.all().count()}")
    app = create_app(Settings(data_dir=tmp, database_url=url, policy_cache_seconds=600), migrate=False)
    client = GraphQLClient(app)
    for user in ("changan_admin", "sjz_admin", "hebei_admin"):
        times = await page_latency(client, user, args.pages)
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"talents page of 100 with 5 nested fields as {user:<14} "
              f"median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
              f"({args.pages} pages deep)")  # fmt: skip
    await client.close()
    casbin_us, grants = enforce_figures()
    perms = CompiledPermissions(grants, await load_policy())
    rows = [[f"jur:{random.choice(COUNTIES)}", "talent:5"] for _ in range(100_000)]
    start = time.perf_counter()
    for row in rows:
        perms.allows("talent", "read", row)
    compiled_us = (time.perf_counter() - start) / len(rows) * 1e6
    print(f"row check: casbin enforce() {casbin_us:8.1f} µs  compiled scopes {compiled_us:6.2f} µs "
          f"(~3000 policy lines)")  # fmt: skip
    await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
