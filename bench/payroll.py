"""A city's monthly payroll (发放) over many entitlements.

    python -m bench.payroll [--entitlements 20000] [--months 3] [--database-url URL] [--sqlite]

Grants N entitlements of 石家庄's rent subsidy to the demo's talents (written behind the
flow's back, as a bulk load would), started `--months` ago, then times as the city office:
the run that pays everyone (arrears included) in one batch, a repeated run (nothing due),
approving the batch (the ledger lines), the bank file, and the overview for the year —
each with its SQL statement count. Without --database-url a throwaway PostgreSQL cluster
(or, with --sqlite, a SQLite file). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from tortoise import Tortoise

from bench.services import services
from gateway.app import create_app
from gateway.demo import seed_demo
from resolvers.core.settings import Settings
from resolvers.funds.payroll import current_period
from schema.clock import add_months, china_today
from schema.db import apply_migrations, tortoise_config
from schema.models import Entitlement, FundApplication, FundPolicy, Payment, Talent
from schema.models.enums import FundApplicationStatus, FundPolicyStatus
from tests.support.graphql import GraphQLClient
from tests.support.query_counter import QueryCounter

BATCH = 5000


async def grant(n: int, months: int) -> None:
    policy = await FundPolicy.get(code="sjz.rent.doctor", status=FundPolicyStatus.PUBLISHED)
    await FundPolicy.filter(id=policy.id).update(budget_fen=None)
    talents = await Talent.filter(jurisdiction_id__startswith="1301").values_list(
        "id", "jurisdiction_id", "employer_id")  # fmt: skip
    starts = add_months(china_today().replace(day=1), -months)
    for start in range(0, n, BATCH):
        chunk = range(start, min(n, start + BATCH))
        await FundApplication.bulk_create([
            FundApplication(number=f"FA-BENCH-{i:07d}", policy_id=policy.id, talent_id=who[0],
                            jurisdiction_id=who[1], employer_id=who[2], status=FundApplicationStatus.APPROVED,
                            start_on=starts, bank_name="中国工商银行", bank_account=f"62220202{i:011d}",
                            submitted_by="bench")
            for i in chunk for who in [talents[i % len(talents)]]
        ])  # fmt: skip
        ids = dict(await FundApplication.filter(number__in=[f"FA-BENCH-{i:07d}" for i in chunk]).values_list(
            "number", "id"))  # fmt: skip
        await Entitlement.bulk_create([
            Entitlement(application_id=ids[f"FA-BENCH-{i:07d}"], policy_id=policy.id, policy_code=policy.code,
                        talent_id=talents[i % len(talents)][0], jurisdiction_id=talents[i % len(talents)][1],
                        employer_id=talents[i % len(talents)][2], amount_fen=policy.amount_fen,
                        schedule=policy.schedule, starts_on=starts, ends_on=add_months(starts, policy.months))
            for i in chunk
        ])  # fmt: skip


RUN = """mutation($p: String!) { runPayroll(input: {jurisdictionCode: "130100", period: $p}) {
  paymentBatch { id count totalFen } userErrors { code message } } }"""
APPROVE = """mutation($id: ID!) { approvePaymentBatch(input: {batchId: $id}) { userErrors { code } } }"""
EXPORT = """mutation($id: ID!, $f: BankFileFormat!) { exportPaymentBatch(input: {batchId: $id, format: $f}) {
  rowCount userErrors { code } } }"""
OVERVIEW = """query($y: Int!) { fundOverview(year: $y) { code paidFen dueFen months { period paidFen } } }"""


async def timed(label: str, counter: QueryCounter, client: GraphQLClient, query: str,
                variables: dict[str, Any]) -> Any:  # fmt: skip
    await client.login("sjz_admin")  # signed in before the clock starts
    with counter.capture() as q:
        started = time.perf_counter()
        data = await client.data(query, variables, as_user="sjz_admin")
        seconds = time.perf_counter() - started
    print(f"  {label:<30} {seconds * 1000:9.0f} ms  {q.count:6d} statements")
    return data


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entitlements", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    with services(args.database_url, "-", sqlite=args.sqlite) as (url, _, tmp):
        await apply_migrations(url)
        await Tortoise.init(config=tortoise_config(url))
        await seed_demo(history=False)
        started = time.perf_counter()
        await grant(args.entitlements, args.months)
        print(f"{args.entitlements} entitlements with {args.months} months of arrears granted in "
              f"{time.perf_counter() - started:.1f}s ({url.split(':')[0]})")  # fmt: skip
        app = create_app(Settings(data_dir=tmp, database_url=url, policy_cache_seconds=600), migrate=False)
        client, counter = GraphQLClient(app), QueryCounter()
        period, _ = current_period()
        run = (await timed("runPayroll (one batch)", counter, client, RUN, {"p": period}))["runPayroll"]
        batch = run["paymentBatch"]
        print(f"  {'':<30} {batch['count']} payments, {batch['totalFen'] / 100:,.2f} 元")
        await timed("runPayroll again (nothing due)", counter, client, RUN, {"p": period})
        await timed("approvePaymentBatch (ledger)", counter, client, APPROVE, {"id": batch["id"]})
        for fmt in ("XLSX", "CSV"):
            await timed(f"exportPaymentBatch ({fmt})", counter, client, EXPORT, {"id": batch["id"], "f": fmt})
        await timed("fundOverview (the year)", counter, client, OVERVIEW, {"y": china_today().year})
        print(f"  payments stored: {await Payment.all().count()}")
        await client.close()
        await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
