"""Supervision dashboard latency on a year of a large city's service records.

    python -m bench.supervision_stats [--requests 200000] [--database-url URL] [--sqlite]

Adds N service requests over the last 365 days to the demo's Shijiazhuang counties (about
1.5 handoffs each, completion figures as the flow writes them, 40 % rated, 1 % complained
of), rebuilds the daily supervision rollups (the rows are written behind the flow's back,
as a bulk load would), then times `supervisionStats` for a year as the city office for
every grouping — from the rollups, and directly over the records as before them — and a
drill-down page. Without --database-url a throwaway PostgreSQL cluster (or, with
--sqlite, a SQLite file). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from tortoise import Tortoise

from bench.services import services
from gateway.app import create_app
from gateway.demo import seed_demo
from resolvers.core.settings import Settings
from resolvers.deadlines import rollups
from resolvers.deadlines.workdays import load_calendars
from resolvers.supervision import stats
from schema.clock import CHINA_TIME, china_today
from schema.db import apply_migrations, tortoise_config
from schema.models import (
    Complaint,
    Department,
    Evaluation,
    Handoff,
    ServiceItem,
    ServiceRequest,
    ServiceWindow,
    Talent,
    User,
)
from schema.models.enums import (
    ComplaintKind,
    ComplaintSource,
    ComplaintStatus,
    HandoffOutcome,
    HandoffStatus,
    RequestChannel,
    RequestStatus,
)
from tests.support.graphql import GraphQLClient

COUNTIES = ("130102", "130123")
BATCH = 5000
STATS = """query($f: SupervisionFilter!, $g: SupervisionGroupBy!) {
  supervisionStats(filter: $f, groupBy: $g) {
  key name received completed onTimeRate avgWorkdays overdue extensions satisfactionAvg complaints } }"""
DRILL = """query($f: SupervisionFilter!, $k: String!) {
  supervisionRecords(filter: $f, groupBy: WINDOW, key: $k, measure: LATE, first: 50) {
    serviceRequests { totalCount nodes { id number } } } }"""


async def fill(n: int) -> None:
    rng = random.Random(11)
    today, calendars = china_today(), await load_calendars()
    talents = {c: await Talent.filter(jurisdiction_id=c).values_list("id", flat=True) for c in COUNTIES}
    windows = {w.jurisdiction_id: w.id for w in await ServiceWindow.filter(jurisdiction_id__in=COUNTIES)}
    departments = await Department.filter(jurisdiction_id__startswith="1301").values_list("id", flat=True)
    items = await ServiceItem.all().values_list("id", flat=True)
    handlers = await User.filter(username__endswith="_handler").values_list("id", flat=True)
    for start in range(0, n, BATCH):
        requests, plans = [], []
        for i in range(start, min(n, start + BATCH)):
            county = COUNTIES[i % 2]
            calendar = calendars.for_place(county)
            received = datetime.combine(today - timedelta(days=rng.randrange(365)), datetime.min.time(),
                                        CHINA_TIME) + timedelta(hours=9 + rng.random() * 8)  # fmt: skip
            received_on = received.date()
            due = calendar.add_workdays(received_on, rng.choice((5, 10, 15, 20)))
            took = rng.choice((1, 2, 3, 5, 8, 12, 15, 18, 25))
            done_on = calendar.add_workdays(received_on, took)
            done = done_on <= today and rng.random() > 0.03
            taken = calendar.workdays_between(received_on, done_on)
            figures = {"completed_on": done_on, "workdays_taken": taken, "on_time": done_on <= due}
            figures = figures if done else {}
            requests.append(ServiceRequest(
                number=f"BENCH{i:09d}", talent_id=rng.choice(talents[county]), jurisdiction_id=county,
                window_id=windows.get(county) if rng.random() < 0.8 else None, channel=RequestChannel.WINDOW,
                status=RequestStatus.COMPLETED if done else RequestStatus.IN_PROGRESS,
                received_at=received.astimezone(UTC), due_on=due,
                completed_at=datetime.combine(done_on, datetime.min.time(), CHINA_TIME) if done else None,
                **figures,
            ))  # fmt: skip
            plans.append((county, received, due, done, figures, rng.randrange(1, 3), rng.random()))
        await ServiceRequest.bulk_create(requests)
        numbers = [r.number for r in requests]
        ids = dict(await ServiceRequest.filter(number__in=numbers).values_list("number", "id"))
        handoffs, ratings, complaints = [], [], []
        for request, (county, received, due, done, figures, parts, luck) in zip(requests, plans, strict=True):
            rid = ids[request.number]
            for k, department in enumerate(rng.sample(departments, parts)):
                handoffs.append(Handoff(
                    request_id=rid, item_id=items[(rid + k) % len(items)], department_id=department,
                    jurisdiction_id=county, talent_id=request.talent_id, is_lead=k == 0,
                    status=HandoffStatus.DONE if done else HandoffStatus.ACCEPTED, due_on=due,
                    outcome=HandoffOutcome.APPROVED if done else None, handler_id=rng.choice(handlers),
                    created_at=received.astimezone(UTC), extension_count=int(luck < 0.05), **figures,
                ))  # fmt: skip
            if done and luck < 0.4:
                ratings.append(Evaluation(request_id=rid, score=rng.choice((5, 5, 5, 4, 4, 3, 2, 1))))
            if luck > 0.99:
                complaints.append(Complaint(
                    number=f"BENCH-TS{rid}", kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE,
                    status=ComplaintStatus.ROUTED, jurisdiction_id=county, request_id=rid, subject="压测",
                    content="压测", window_id=request.window_id, filed_by="bench",
                ))  # fmt: skip
        await Handoff.bulk_create(handoffs)
        await Evaluation.bulk_create(ratings)
        await Complaint.bulk_create(complaints)


async def timed(client: GraphQLClient, query: str, variables: dict, runs: int) -> tuple[float, dict]:
    median, _, data = await timed_p95(client, query, variables, runs)
    return median, data


async def timed_p95(
    client: GraphQLClient, query: str, variables: dict, runs: int
) -> tuple[float, float, dict]:
    times, data = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        data = await client.data(query, variables, as_user="sjz_admin")
        times.append((time.perf_counter() - start) * 1000)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, data


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with services(args.database_url, "-", sqlite=args.sqlite) as (url, _, tmp):
        await apply_migrations(url)
        await Tortoise.init(config=tortoise_config(url))
        if await seed_demo():
            start = time.perf_counter()
            await fill(args.requests)
            print(f"filled {args.requests} requests in {time.perf_counter() - start:.1f}s")
            start = time.perf_counter()
            built = await rollups.rebuild()
            print(f"rebuilt {built} rollup rows in {time.perf_counter() - start:.1f}s")
            if not args.sqlite:  # as autovacuum does after a bulk load: statistics, visibility map
                for table in ("service_request", "handoff", "supervision_rollup"):
                    await Tortoise.get_connection("default").execute_script(f"VACUUM ANALYZE {table}")
        print(f"database: {url.split('@')[-1]}; requests {await ServiceRequest.all().count()}, "
              f"handoffs {await Handoff.all().count()}")  # fmt: skip
        app = create_app(Settings(data_dir=tmp, database_url=url, policy_cache_seconds=600), migrate=False)
        client = GraphQLClient(app)
        today = china_today()
        year = {"jurisdictionCode": "130100", "from": (today - timedelta(days=365)).isoformat(),
                "to": today.isoformat()}  # fmt: skip
        from_rollups = stats.from_rollups
        for group_by in ("WINDOW", "DEPARTMENT", "SPECIALIST", "JURISDICTION"):
            variables = {"f": year, "g": group_by}
            setattr(stats, "from_rollups", lambda g, scopes: False)  # noqa: B010  before: the records
            before, before_p95, direct = await timed_p95(client, STATS, variables, max(3, args.runs // 4))
            setattr(stats, "from_rollups", from_rollups)  # noqa: B010
            ms, p95, data = await timed_p95(client, STATS, variables, args.runs)
            rows = data["supervisionStats"]
            same = "same answer" if rows == direct["supervisionStats"] else "DIFFERENT ANSWER"
            print(f"supervisionStats a year of 石家庄市 by {group_by:<12} rollups median {ms:6.1f} ms "
                  f"p95 {p95:6.1f} ms; records median {before:7.1f} ms p95 {before_p95:7.1f} ms  "
                  f"({len(rows)} rows, {sum(r['received'] for r in rows)} received, {same})")  # fmt: skip
        window = next(r for r in rows if r["key"] == "130102")
        keyed = await client.data(STATS, {"f": year, "g": "WINDOW"}, as_user="sjz_admin")
        key = max(keyed["supervisionStats"], key=lambda r: r["received"])["key"]
        ms, data = await timed(client, DRILL, {"f": year, "k": key}, args.runs)
        total = data["supervisionRecords"]["serviceRequests"]["totalCount"]
        print(f"supervisionRecords LATE page of 50 (+ totalCount {total})          median {ms:7.1f} ms  "
              f"(长安区 received {window['received']})")  # fmt: skip
        await client.close()
        await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
