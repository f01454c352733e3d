"""`seed_history`: plans the year, then writes its requests, evaluations and complaints."""

from __future__ import annotations

import datetime as dt
import random

from gateway.demo.history.complaints import write_complaints
from gateway.demo.history.evaluations import write_evaluations
from gateway.demo.history.plan import REQUESTS, Clock, Context, PlannedRequest, plan_request
from gateway.demo.history.requests import write_requests
from resolvers.deadlines.workdays import load_calendars

HISTORY_DAYS = 365
ITEMS_EFFECTIVE_FROM = dt.date(2024, 1, 1)  # as gateway.demo.seed: nothing asked for before


async def seed_history(today: dt.date, rng: random.Random) -> None:
    """The year before `today` of the two Shijiazhuang counties; run inside seed_demo's transaction.

    Requests are received on working days in Beijing office hours and handled by the responsible
    departments — mostly on time, some late, some extended (延期报备), a few returned or rejected,
    a few withdrawn, a few still open past their due date — so supervision (督办考核) and the
    quarterly archives have something to show. Rows are written as the live flow leaves them.
    Notifications, audit events and supervision records are not written: seeded data starts with
    empty inboxes, and the supervision cron files its overdue records on its first run.
    talent_demo has no history.
    """
    clock = Clock(rng, await load_calendars(), today)
    context = await Context.load()
    start = max(today - dt.timedelta(days=HISTORY_DAYS), ITEMS_EFFECTIVE_FROM)
    days = [start + dt.timedelta(days=n) for n in range((today - start).days)]
    requests: list[PlannedRequest] = []
    numbers: set[str] = set()
    for county, volume in REQUESTS.items():
        workdays = [d for d in days if clock.at_place(county).calendar.is_workday(d)]
        if not workdays:
            continue
        used: set[tuple[int, str]] = set()  # (talent, item): asked for once in the year
        for day in sorted(rng.choice(workdays) for _ in range(volume)):
            request = plan_request(clock, context, county, day, used, numbers)
            if request is not None:
                requests.append(request)
    if not requests:
        return
    requests.sort(key=lambda r: r.received_at)
    ids = await write_requests(context, requests)
    evaluations = await write_evaluations(clock, requests, ids)
    await write_complaints(clock, context, requests, ids, evaluations)
