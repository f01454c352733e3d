"""Writes the 满意度评价 (evaluations) of the settled requests."""

from __future__ import annotations

import datetime as dt

from gateway.demo.history.plan import LATE, REJECTED, RETURNED, STUCK, Clock, PlannedRequest, beijing_date
from schema.models import Evaluation
from schema.models.enums import RequestStatus
from schema.sql import insert_many

COMMENTS = {
    5: ["办理很快，服务周到", "窗口一次告知清楚，非常满意", None, None],
    4: ["整体满意", "流程清楚", None, None],
    3: ["等待时间稍长", None],
    2: ["办理超期，进度不透明", "多次补交材料"],
    1: ["超期很久，也没人告知进度"],
}

SETTLED_FOR_EVALUATION = (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REJECTED, RequestStatus.REJECTED)


async def write_evaluations(
    clock: Clock, requests: list[PlannedRequest], ids: dict[str, int]
) -> dict[str, dt.datetime]:
    """满意度评价 on about 60% of the settled requests, a few days after; number → its time."""
    rng = clock.rng
    rows, made = [], {}
    for r in requests:
        if r.status not in SETTLED_FOR_EVALUATION or r.completed_at is None or rng.random() >= 0.6:
            continue
        at = r.completed_at + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 5))
        if not clock.past(beijing_date(at)):
            continue
        poor = r.fate in (LATE, STUCK, RETURNED, REJECTED)
        weights = (3, 8, 20, 35, 34) if poor else (1, 1, 6, 30, 62)
        score = rng.choices((1, 2, 3, 4, 5), weights)[0]
        rows.append(
            dict(request_id=ids[r.number], score=score, comment=rng.choice(COMMENTS[score]), created_at=at)
        )
        made[r.number] = at
    await insert_many(Evaluation, rows)
    return made
