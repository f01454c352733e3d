"""Writes the rectification tasks (差评整改) of poor evaluations and the year's complaints
(投诉), with their steps, as the complaint flow leaves them (resolvers/complaints/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.demo.history.plan import (
    DEMO_ACTOR,
    LATE,
    WINDOW_ACCOUNT,
    Clock,
    Context,
    PlannedRequest,
    beijing_date,
)
from permissions.audit import SYSTEM
from resolvers.complaints.flow import NUMBER_PREFIX, default_workdays
from resolvers.complaints.rectification import LEVELS
from resolvers.core.numbers import request_number
from schema.models import Complaint, ComplaintStep, Evaluation
from schema.models.enums import (
    CallbackResult,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
)

OFFICE = {"130102": "changan_admin", "130123": "zhengding_admin"}  # files, routes and calls back

COMPLAINTS = [
    (
        "130102",
        ComplaintSource.HOTLINE,
        "户籍办理超期",
        "12345 热线转来：户籍随迁办理超过承诺时限，未接到任何告知。",
        ComplaintOutcome.PARTLY_SUBSTANTIATED,
        "经核查，因外省协查延误，已办结并向申请人致歉；今后超期主动告知。",
        True,
    ),
    (
        "130123",
        ComplaintSource.WINDOW,
        "窗口一次性告知不到位",
        "在窗口递交材料时未被告知需要补交的全部材料，往返多次。",
        ComplaintOutcome.SUBSTANTIATED,
        "已对窗口人员进行批评教育，并修订一次性告知单。",
        True,
    ),
    (
        "130123",
        ComplaintSource.ONLINE,
        "办理进度查询不到",
        "网上申请后长时间查询不到办理进度。",
        ComplaintOutcome.UNFOUNDED,
        "经核查，该件已按期办结，进度可在“我的申请”中查看，已电话说明。",
        True,
    ),
    (
        "130102",
        ComplaintSource.ONLINE,
        "补贴发放慢",
        "人才住房补贴审批通过后迟迟未发放。",
        ComplaintOutcome.PARTLY_SUBSTANTIATED,
        "已督促财政拨付流程，补贴将于本月内发放到位。",
        False,
    ),
]  # (county, source, subject, content, outcome, answer, called back)


async def write_complaints(
    clock: Clock,
    context: Context,
    requests: list[PlannedRequest],
    ids: dict[str, int],
    evaluated: dict[str, dt.datetime],
) -> None:
    """The rectification task of every poor rating, and four complaints over the year."""
    rng = clock.rng
    evaluations = {
        e["request_id"]: e
        for e in await Evaluation.filter(request_id__in=[ids[n] for n in evaluated]).values(
            "id", "request_id", "score", "comment"
        )
    }
    complaints: list[tuple[Complaint, list[tuple[str, str, str | None, dt.datetime]]]] = []
    by_number = {r.number: r for r in requests}
    for number, at in evaluated.items():
        evaluation = evaluations[ids[number]]
        if evaluation["score"] > 2:
            continue
        r = by_number[number]
        level = LEVELS[evaluation["score"]][1]
        complaints.append(
            _complaint(
                clock,
                context,
                r,
                ids[number],
                ComplaintKind.RECTIFICATION,
                ComplaintSource.EVALUATION,
                at,
                subject=f"差评整改 {number}（{level}）",
                content=evaluation["comment"] or f"满意度评价：{level}",
                evaluation_id=evaluation["id"],
                outcome=ComplaintOutcome.RECTIFIED,
                routed=(SYSTEM.username, None, context.windows[r.county].id, "差评自动转受理窗口整改"),
                answer="已约谈窗口及承办专员，逐项整改并向申请人致歉说明。",
            )
        )
    late = [r for r in requests if r.fate == LATE and r.completed_at]
    for n, (county, source, subject, content, outcome, answer, callback) in enumerate(COMPLAINTS):
        found = [r for r in late if r.county == county]
        if not found:
            continue
        r = found[(n * 7) % len(found)]
        department = next(h.department_id for h in r.handoffs if h.is_lead)
        to = (None, context.windows[county].id) if source == ComplaintSource.WINDOW else (department, None)
        at = r.completed_at + dt.timedelta(days=rng.randint(1, 3), hours=1)
        complaints.append(
            _complaint(
                clock,
                context,
                r,
                ids[r.number],
                ComplaintKind.COMPLAINT,
                source,
                at,
                subject=subject,
                content=content,
                evaluation_id=None,
                routed=(OFFICE[county], *to, "请核实并按时反馈"),
                outcome=outcome,
                answer=answer,
                callback=callback,
            )
        )
    complaints = [c for c in complaints if c is not None]
    await Complaint.bulk_create([c for c, _ in complaints])
    found_ids = dict(
        await Complaint.filter(number__in=[c.number for c, _ in complaints]).values_list("number", "id")
    )
    await ComplaintStep.bulk_create(
        [
            ComplaintStep(complaint_id=found_ids[c.number], action=action, actor=actor, note=note, at=at)
            for c, steps in complaints
            for action, actor, note, at in steps
        ]
    )


def _complaint(
    clock: Clock,
    context: Context,
    r: PlannedRequest,
    request_id: int,
    kind: ComplaintKind,
    source: ComplaintSource,
    at: dt.datetime,
    *,
    subject: str,
    content: str,
    evaluation_id: int | None,
    routed: tuple[str, int | None, int | None, str],
    outcome: ComplaintOutcome,
    answer: str,
    callback: bool = True,
) -> tuple[Complaint, list[tuple[str, str, str | None, dt.datetime]]] | None:
    """A complaint as the complaint flow leaves it: filed, routed the same day, answered within
    its time limit and called back (`callback`) — as far as that happened before today;
    None if it would have been filed today or later."""
    clock = clock.at_place(r.county)
    rng = clock.rng
    routed_by, department_id, window_id, note = routed
    filed_by = OFFICE[r.county] if source == ComplaintSource.HOTLINE else DEMO_ACTOR
    number = request_number(r.county, at, prefix=NUMBER_PREFIX[kind])[:-8] + f"{rng.getrandbits(32):08X}"
    filed_on = beijing_date(at)
    due_on = clock.after(filed_on, default_workdays(kind))
    if not clock.past(filed_on):
        return None
    routed_at = at if kind == ComplaintKind.RECTIFICATION else at + dt.timedelta(minutes=rng.randint(30, 120))
    if not clock.past(beijing_date(routed_at)):
        routed_at = at
    answered_on = clock.after(filed_on, rng.randint(1, default_workdays(kind)))
    callback_on = clock.after(answered_on, rng.randint(1, 2))
    if department_id is not None:
        answered_by = context.handlers.get(department_id, (0, DEMO_ACTOR))[1]
    else:
        answered_by = WINDOW_ACCOUNT.get(r.county, DEMO_ACTOR)
    columns: dict[str, Any] = {
        "number": number,
        "kind": kind,
        "source": source,
        "status": ComplaintStatus.ROUTED,
        "jurisdiction_id": r.county,
        "talent_id": r.talent["holder_id"],
        "request_id": request_id,
        "evaluation_id": evaluation_id,
        "complainant_name": r.talent["holder__name"],
        "complainant_phone": r.talent["holder__phone"] if kind == ComplaintKind.COMPLAINT else None,
        "subject": subject,
        "content": content,
        "department_id": department_id,
        "window_id": window_id,
        "due_on": due_on,
        "routed_by": routed_by,
        "routed_at": routed_at,
        "filed_by": filed_by,
        "created_at": at,
    }
    steps = [("FILED", filed_by, subject, at), ("ROUTED", routed_by, note, routed_at)]
    if clock.past(answered_on):
        answered_at = clock.at(answered_on, routed_at)
        columns.update(
            status=ComplaintStatus.ANSWERED,
            answer=answer,
            outcome=outcome,
            answered_by=answered_by,
            answered_at=answered_at,
            answered_on_time=answered_on <= due_on,
        )
        steps.append(("ANSWERED", answered_by, answer, answered_at))
        if callback and clock.past(callback_on):
            callback_at = clock.at(callback_on, answered_at)
            result = rng.choice(
                (CallbackResult.SATISFIED, CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED)
            )
            columns.update(
                status=ComplaintStatus.CLOSED,
                callback_result=result,
                callback_by=OFFICE[r.county],
                callback_at=callback_at,
            )
            steps.append(("CALLBACK", OFFICE[r.county], result.value, callback_at))
    return Complaint(**columns), steps
